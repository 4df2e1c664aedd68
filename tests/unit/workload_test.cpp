#include "workload/workload.hpp"

#include <doctest/doctest.h>

using namespace nimbus;

namespace {
Job job_at(double t, const char* id) {
  Job j;
  j.id = id;
  j.submit_s = t;
  return j;
}
}  // namespace

TEST_CASE("jobs come out in submit order, tasks and edges following them") {
  WorkloadBuilder b;
  b.add_job(job_at(10, "late"));
  const TaskId a = b.add_task({}, "a");
  const TaskId c = b.add_task({}, "c");
  b.add_edge(a, c, 5);
  b.add_job(job_at(0, "early"));
  b.add_task({}, "x");
  b.add_job(job_at(10, "late-too"));  // a tie keeps creation order
  b.add_task({});
  const Workload w = b.finish();
  REQUIRE(w.jobs.size() == 3);
  CHECK(w.jobs[0].id == "early");
  CHECK(w.jobs[1].id == "late");
  CHECK(w.jobs[2].id == "late-too");
  CHECK(w.task_name(0) == "x");
  CHECK(w.task_name(1) == "a");
  CHECK(w.task_name(3) == "0");  // unnamed: its index in the job
  // The edge a -> c now joins tasks 1 and 2.
  const Task& first = w.tasks[1];
  REQUIRE(first.succs_end - first.succs_begin == 1);
  CHECK(w.succs[first.succs_begin].task == 2);
  CHECK(w.succs[first.succs_begin].bytes == 5);
  const Task& second = w.tasks[2];
  REQUIRE(second.preds_end - second.preds_begin == 1);
  CHECK(w.preds[second.preds_begin].task == 1);
  CHECK(w.tasks[2].job == 1);
}

TEST_CASE("a barrier between P and P tasks is 2P edges") {
  WorkloadBuilder b;
  b.add_job(job_at(0, "bsp"));
  std::vector<TaskId> before, after;
  for (int i = 0; i < 100; ++i) before.push_back(b.add_task({}));
  const TaskId barrier = b.add_task({});
  for (int i = 0; i < 100; ++i) after.push_back(b.add_task({}));
  for (TaskId t : before) b.add_edge(t, barrier, 0);
  for (TaskId t : after) b.add_edge(barrier, t, 0);
  const Workload w = b.finish();
  CHECK(w.succs.size() == 200);
  CHECK(w.tasks[barrier].preds_end - w.tasks[barrier].preds_begin == 100);
  CHECK(w.tasks[barrier].succs_end - w.tasks[barrier].succs_begin == 100);
}
