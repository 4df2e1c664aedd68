// Building the bodies of a program's ranks: point-to-point operations, and collectives
// lowered to them by named algorithms, so the runtime executes only sends, receives, waits,
// barriers and locks. Costs (uniform network of latency L and bandwidth B, message m bytes,
// P ranks, ceil(log2 P) = lg):
//   bcast      binomial tree    lg rounds of (L + m/B)
//   reduce     binomial tree    lg rounds of (L + m/B + the reduction's flops)
//   allreduce  reduce then bcast, binomial trees: 2 lg rounds
//   gather     flat tree        the root receives P-1 messages in rank order
//   scatter    flat tree        the root sends P-1 messages in rank order
//   allgather  ring             P-1 rounds; in round k each rank passes on one block
//   alltoall   pairwise, posted at once: P-1 messages per rank, sharing the links
//   barrier    SimGrid's barrier: no message; it ends when the last rank arrives
#pragma once

#include "programs/programs.hpp"

#include <map>
#include <string>
#include <vector>

namespace nimbus {

class RankBody {
public:
  RankBody(int rank, int ranks) : rank_(rank), ranks_(ranks) {}
  int rank() const { return rank_; }
  int ranks() const { return ranks_; }
  const std::vector<Step>& steps() const { return steps_; }
  std::vector<Step>& steps() { return steps_; }

  void compute(double flops, int item = -1) { add(Step::Kind::Compute, -1, flops, item); }
  void sleep(double seconds) { add(Step::Kind::Sleep, -1, seconds); }
  void send(int to, double bytes, int item = -1) { add(Step::Kind::Send, to, bytes, item); }
  void recv(int from) { add(Step::Kind::Recv, from, 0); }
  void isend(int to, double bytes) { add(Step::Kind::Isend, to, bytes); }
  void irecv(int from) { add(Step::Kind::Irecv, from, 0); }
  void wait(int peer) { add(Step::Kind::Wait, peer, 0); }
  void wait_all() { add(Step::Kind::WaitAll, -1, 0); }
  void barrier() { add(Step::Kind::Barrier, -1, 0); }
  void lock(int id) { add(Step::Kind::Lock, id, 0); }
  void unlock(int id) { add(Step::Kind::Unlock, id, 0); }
  void end_item(int item) { add(Step::Kind::EndItem, -1, 0, item); }
  void recv_any() { add(Step::Kind::RecvAny, -1, 0); }
  void reply(double bytes, int item) { add(Step::Kind::Reply, -1, bytes, item); }
  void work(int master, double result_bytes) { add(Step::Kind::Work, master, result_bytes); }

  void bcast(double bytes, int root);
  void reduce(double bytes, double flops, int root);
  void allreduce(double bytes, double flops);
  void gather(double bytes, int root);
  void scatter(double bytes, int root);
  void allgather(double bytes);
  void alltoall(double bytes);

private:
  void add(Step::Kind kind, int peer, double amount, int item = -1) { steps_.push_back({kind, peer, amount, item}); }
  int abs(int relative, int root) const { return (relative + root) % ranks_; }

  int rank_, ranks_;
  std::vector<Step> steps_;
};

// Adds the job of a program: one task per rank, each with its body, then its work items
// (tasks without a body, carried out by the ranks). Returns the job.
JobId add_program_job(const RanksSpec& spec, std::uint32_t item, const std::string& id, std::vector<RankBody>& bodies,
                      WorkloadBuilder& out, const std::vector<Task>& work_items = {});

}  // namespace nimbus
