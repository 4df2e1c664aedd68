#include "programs/rank_body.hpp"

namespace nimbus {

// Binomial tree from `root`: rank v (relative to the root) receives from v minus its lowest
// set bit, then sends to v + 2^k for every 2^k below that bit.
void RankBody::bcast(double bytes, int root) {
  const int v = (rank_ - root + ranks_) % ranks_;
  int mask = 1;
  while (mask < ranks_) {
    if (v & mask) {
      recv(abs(v - mask, root));
      break;
    }
    mask <<= 1;
  }
  for (mask >>= 1; mask > 0; mask >>= 1)
    if (v + mask < ranks_) send(abs(v + mask, root), bytes);
}

// The bcast's tree upside down: each rank receives from its children (smallest subtree
// first), combines each contribution (`flops`), then sends to its parent.
void RankBody::reduce(double bytes, double flops, int root) {
  const int v = (rank_ - root + ranks_) % ranks_;
  for (int mask = 1; mask < ranks_; mask <<= 1) {
    if (v & mask) {
      send(abs(v - mask, root), bytes);
      return;
    }
    if (v + mask < ranks_) {
      recv(abs(v + mask, root));
      if (flops > 0) compute(flops);
    }
  }
}

void RankBody::allreduce(double bytes, double flops) {
  reduce(bytes, flops, 0);
  bcast(bytes, 0);
}

void RankBody::gather(double bytes, int root) {
  if (rank_ != root) {
    send(root, bytes);
    return;
  }
  for (int r = 0; r < ranks_; ++r)
    if (r != root) recv(r);
}

void RankBody::scatter(double bytes, int root) {
  if (rank_ != root) {
    recv(root);
    return;
  }
  for (int r = 0; r < ranks_; ++r)
    if (r != root) send(r, bytes);
}

void RankBody::allgather(double bytes) {
  if (ranks_ < 2) return;
  const int next = (rank_ + 1) % ranks_, previous = (rank_ + ranks_ - 1) % ranks_;
  for (int k = 1; k < ranks_; ++k) {
    isend(next, bytes);
    irecv(previous);
    wait_all();
  }
}

void RankBody::alltoall(double bytes) {
  for (int k = 1; k < ranks_; ++k) {
    isend((rank_ + k) % ranks_, bytes);
    irecv((rank_ - k + ranks_) % ranks_);
  }
  if (ranks_ > 1) wait_all();
}

JobId add_program_job(const RanksSpec& spec, std::uint32_t item, const std::string& id, std::vector<RankBody>& bodies,
                      WorkloadBuilder& out, const std::vector<Task>& work_items) {
  Job job = make_job(id, spec.owner, spec.submit_s, item);
  job.ranks = static_cast<std::uint32_t>(bodies.size());
  job.rank_hosts = spec.hosts;
  const JobId j = out.add_job(std::move(job));
  std::size_t steps = 0;
  for (const auto& body : bodies) steps += body.steps().size();
  out.reserve_steps(steps);
  for (auto& body : bodies) {
    Task t;
    // A rank's flops are its computations' sum: what estimates and reports read.
    for (const Step& s : body.steps())
      if (s.kind == Step::Kind::Compute && s.item < 0) t.flops += s.amount;
    const TaskId task = out.add_task(t, "rank-" + std::to_string(body.rank()));
    out.set_steps(task, body.steps());
    body.steps().clear();
    body.steps().shrink_to_fit();
  }
  for (std::size_t k = 0; k < work_items.size(); ++k) out.add_task(work_items[k], std::to_string(k));
  return j;
}

}  // namespace nimbus
