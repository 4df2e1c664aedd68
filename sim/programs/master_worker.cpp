// master-worker: rank 0 hands `tasks` tasks to W workers (ranks 1..W), each with `bytes` of
// input, by synchronous sends (a send ends when the worker has it); a worker computes the
// task and sends back `result_bytes`. The tasks are work items of the job: each is a row of
// tasks.csv, ready when the master starts sending it, started when its worker starts
// computing it, ended when its result has arrived at the master (or when its computation
// ends, without results).
//   round-robin: task i goes to worker 1 + i mod W, in order: the master waits for that
//                worker to take it, even if another is idle (a slow worker holds everyone).
//   on-demand:   a worker asks for a task (its request carries its last result); the master
//                answers the first request to arrive; when none is left, it tells each
//                worker to stop.
#include "programs/rank_body.hpp"

#include "util/rng.hpp"

namespace nimbus {

void generate_master_worker(const WorkloadItem& w, std::uint32_t item, std::uint64_t seed, WorkloadBuilder& out) {
  const MasterWorkerSpec& m = w.master_worker;
  const int ranks = w.ranks.ranks;
  const int workers = ranks - 1;
  Rng flops(seed, "workload/" + std::to_string(item) + "/flops");
  std::vector<Task> tasks(static_cast<std::size_t>(m.tasks));
  for (auto& t : tasks) {
    t.flops = m.flops.sample(flops);
    t.input_bytes = m.bytes;
    t.output_bytes = m.result_bytes;
  }
  std::vector<RankBody> bodies;
  for (int r = 0; r < ranks; ++r) bodies.emplace_back(r, ranks);
  RankBody& master = bodies[0];
  const int count = static_cast<int>(m.tasks);
  if (m.on_demand) {
    for (int k = 0; k < count; ++k) {
      master.recv_any();
      master.reply(m.bytes, k);
    }
    for (int k = 0; k < workers; ++k) {
      master.recv_any();
      master.reply(0, -1);  // stop
    }
    for (int r = 1; r < ranks; ++r) bodies[static_cast<std::size_t>(r)].work(0, m.result_bytes);
  } else {
    // Results are received as they come: the master posts every receive first, so a worker
    // sending a result never waits for the master busy sending another task.
    if (m.result_bytes > 0)
      for (int k = 0; k < count; ++k) master.irecv(1 + k % workers);
    for (int k = 0; k < count; ++k) {
      RankBody& worker = bodies[static_cast<std::size_t>(1 + k % workers)];
      master.send(worker.rank(), m.bytes, k);
      worker.recv(0);
      worker.compute(tasks[static_cast<std::size_t>(k)].flops, k);
      if (m.result_bytes > 0) worker.send(0, m.result_bytes);
      worker.end_item(k);
    }
    if (m.result_bytes > 0) master.wait_all();
  }
  add_program_job(w.ranks, item, "master-worker" + std::to_string(item), bodies, out, tasks);
}

}  // namespace nimbus
