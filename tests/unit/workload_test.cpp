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
  REQUIRE(w.succs_of(1).size() == 1);
  CHECK(w.succs_of(1)[0].task == 2);
  CHECK(w.succs_of(1)[0].bytes == 5);
  REQUIRE(w.preds_of(2).size() == 1);
  CHECK(w.preds_of(2)[0].task == 1);
  CHECK(w.preds_of(1).empty());
  CHECK(w.succs_of(2).empty());
  CHECK(w.tasks[2].job == 1);
}

TEST_CASE("what only some tasks have moves with them when jobs are reordered, and costs nothing when none has it") {
  WorkloadBuilder plain;
  plain.add_job(job_at(0, "bag"));
  for (int i = 0; i < 3; ++i) plain.add_task({});
  const Workload bag = plain.finish();
  CHECK(bag.pred_offsets.empty());
  CHECK(bag.step_ranges.empty());
  CHECK(bag.input_copies.empty());
  CHECK(bag.task_names.empty());
  CHECK(bag.steps_of(2).empty());
  CHECK(bag.input_replicas(2) == 0);
  CHECK(bag.index_of(2) == 2);

  // A late job with a body and input copies, made first; an early one without, made second.
  WorkloadBuilder b;
  b.add_job(job_at(10, "late"));
  b.add_task({}, "", 3);
  const TaskId with_body = b.add_task({});
  b.set_steps(with_body, {Step{Step::Kind::Sleep, -1, 2}, Step{Step::Kind::Compute, -1, 5}});
  b.add_job(job_at(0, "early"));
  b.add_task({});
  const Workload w = b.finish();
  REQUIRE(w.jobs[0].id == "early");
  CHECK(w.input_replicas(0) == 0);
  CHECK(w.steps_of(0).empty());
  CHECK(w.input_replicas(1) == 3);  // "late"'s first task, now task 1
  CHECK(w.steps_of(1).empty());
  CHECK(w.input_replicas(2) == 0);
  REQUIRE(w.steps_of(2).size() == 2);
  CHECK(w.steps_of(2)[0].kind == Step::Kind::Sleep);
  CHECK(w.steps_of(2)[1].amount == 5);
  CHECK(w.index_of(2) == 1);
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
  CHECK(w.preds_of(barrier).size() == 100);
  CHECK(w.succs_of(barrier).size() == 100);
  CHECK(w.succs_of(before[7]).size() == 1);
  CHECK(w.preds_of(after[7]).size() == 1);
}
