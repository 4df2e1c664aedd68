#include "workload/graph_async.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

namespace nimbus {
namespace {

struct Update {
  std::uint32_t from = 0, to = 0;
  VertexId vertex = 0;
  double value = 0;
};

// The state is per copy of a vertex ("slot"): a vertex partition has one per vertex (slot v,
// on its owner), a vertex cut one per replica (slot = its index in Partition::replicas).
class AsyncEngine {
public:
  AsyncEngine(const Adjacency& adj, const Partition& p, const GraphCosts& costs, double increment)
      : adj_(adj), p_(p), costs_(costs), increment_(increment) {
    const auto n = static_cast<VertexId>(adj.begin.size() - 1);
    if (!p.vertex_cut) {
      local_begin_ = adj.begin;  // a vertex's copy sends along all its edges
      local_.resize(adj.target.size());
      std::iota(local_.begin(), local_.end(), 0u);
      slot_vertex_.resize(n);
      std::iota(slot_vertex_.begin(), slot_vertex_.end(), 0u);
      slot_worker_ = p.owner;
    } else {
      // A replica sends along the edges its worker holds.
      const std::size_t slots = p.replicas.size();
      slot_worker_ = p.replicas;
      slot_vertex_.resize(slots);
      for (VertexId v = 0; v < n; ++v)
        for (std::uint32_t s = p.replica_begin[v]; s < p.replica_begin[v + 1]; ++s) slot_vertex_[s] = v;
      local_begin_.assign(slots + 1, 0);
      for (VertexId v = 0; v < n; ++v)
        for (std::uint32_t i = adj.begin[v]; i < adj.begin[v + 1]; ++i) ++local_begin_[slot_of(v, p.edge_worker[adj.edge[i]]) + 1];
      for (std::size_t s = 0; s < slots; ++s) local_begin_[s + 1] += local_begin_[s];
      local_.resize(adj.target.size());
      std::vector<std::uint32_t> next(local_begin_.begin(), local_begin_.end() - 1);
      for (VertexId v = 0; v < n; ++v)
        for (std::uint32_t i = adj.begin[v]; i < adj.begin[v + 1]; ++i) local_[next[slot_of(v, p.edge_worker[adj.edge[i]])]++] = i;
    }
    queued_.assign(slot_worker_.size(), 0);
    dirty_round_.assign(slot_worker_.size(), 0);
    stamp_.assign(n, 0);
    at_.assign(n, 0);
  }

  AsyncRun run(std::vector<double> initial, const std::vector<VertexId>& changed, const RoundVisitor& visit) {
    const std::uint32_t workers = p_.workers;
    value_.resize(slot_worker_.size());
    for (std::size_t s = 0; s < value_.size(); ++s) value_[s] = initial[slot_vertex_[s]];
    std::vector<std::vector<std::uint32_t>> first(workers);  // slots that run in round 0
    for (const VertexId v : changed) {
      if (!p_.vertex_cut) first[p_.owner[v]].push_back(v);
      else
        for (std::uint32_t s = p_.replica_begin[v]; s < p_.replica_begin[v + 1]; ++s) first[slot_worker_[s]].push_back(s);
    }
    AsyncRun result;
    std::vector<Update> inbox, outbox;
    for (bool more = !changed.empty(); more; more = !inbox.empty()) {
      Phase round;
      round.flops.assign(workers, 0.0);
      outbox.clear();
      std::size_t in = 0;
      for (std::uint32_t k = 0; k < workers; ++k) {
        ++token_;
        queue_.clear();
        if (result.rounds == 0)
          for (const std::uint32_t s : first[k]) push(s);
        for (; in < inbox.size() && inbox[in].to == k; ++in) {
          const std::uint32_t s = slot_of(inbox[in].vertex, k);
          // An update reaching a master is sent on to its mirrors; one reaching a mirror came from it.
          if (improve(s, inbox[in].value) && p_.vertex_cut && p_.owner[inbox[in].vertex] == k) mark_dirty(s);
        }
        const std::size_t sent_before = outbox.size();
        for (std::size_t head = 0; head < queue_.size(); ++head) {
          const std::uint32_t s = queue_[head];
          queued_[s] = 0;
          ++result.vertex_updates;
          round.flops[k] += costs_.flops_per_vertex;
          const double m = value_[s] + increment_;
          for (std::uint32_t j = local_begin_[s]; j < local_begin_[s + 1]; ++j) {
            const VertexId t = adj_.target[local_[j]];
            round.flops[k] += costs_.flops_per_edge;
            ++result.vertex_messages;
            relax(k, t, m, outbox);
          }
        }
        send_dirty(k, outbox);
        count_exchanges(k, outbox, sent_before, round);
      }
      visit(round);
      ++result.rounds;
      std::stable_sort(outbox.begin(), outbox.end(), [](const Update& a, const Update& b) { return a.to < b.to; });
      inbox.swap(outbox);
    }
    const auto n = static_cast<VertexId>(adj_.begin.size() - 1);
    result.values.resize(n);
    for (VertexId v = 0; v < n; ++v) result.values[v] = value_[slot_of(v, p_.owner[v])];
    return result;
  }

private:
  std::uint32_t slot_of(VertexId v, std::uint32_t worker) const {
    if (!p_.vertex_cut) return v;
    const auto first = p_.replicas.begin() + p_.replica_begin[v], last = p_.replicas.begin() + p_.replica_begin[v + 1];
    return static_cast<std::uint32_t>(std::lower_bound(first, last, worker) - p_.replicas.begin());
  }
  void push(std::uint32_t s) {
    if (queued_[s]) return;
    queued_[s] = 1;
    queue_.push_back(s);
  }
  bool improve(std::uint32_t s, double value) {
    if (!(value < value_[s])) return false;
    value_[s] = value;
    push(s);
    return true;
  }
  void mark_dirty(std::uint32_t s) {
    const VertexId v = slot_vertex_[s];
    if (p_.replica_begin[v + 1] - p_.replica_begin[v] < 2 || dirty_round_[s] == token_) return;
    dirty_round_[s] = token_;
    dirty_.push_back(s);
  }
  // Worker k relaxes the edge to t with value m.
  void relax(std::uint32_t k, VertexId t, double m, std::vector<Update>& outbox) {
    if (p_.vertex_cut) {
      const std::uint32_t s = slot_of(t, k);  // the edge is k's, so t has a replica on k
      if (improve(s, m)) mark_dirty(s);
      return;
    }
    const std::uint32_t owner = p_.owner[t];
    if (owner == k) {
      improve(t, m);
    } else if (!costs_.combine || stamp_[t] != token_) {
      stamp_[t] = token_;
      at_[t] = static_cast<std::uint32_t>(outbox.size());
      outbox.push_back({k, owner, t, m});
    } else {
      outbox[at_[t]].value = std::min(outbox[at_[t]].value, m);  // combined with this round's
    }
  }
  // A vertex cut's changed replicas: a mirror sends its value to the master, a master to
  // every mirror.
  void send_dirty(std::uint32_t k, std::vector<Update>& outbox) {
    for (const std::uint32_t s : dirty_) {
      const VertexId v = slot_vertex_[s];
      if (p_.owner[v] != k) {
        outbox.push_back({k, p_.owner[v], v, value_[s]});
        continue;
      }
      for (std::uint32_t r = p_.replica_begin[v]; r < p_.replica_begin[v + 1]; ++r)
        if (slot_worker_[r] != k) outbox.push_back({k, slot_worker_[r], v, value_[s]});
    }
    dirty_.clear();
  }
  void count_exchanges(std::uint32_t k, const std::vector<Update>& outbox, std::size_t from, Phase& round) {
    dests_.clear();
    for (std::size_t i = from; i < outbox.size(); ++i) dests_.push_back(outbox[i].to);
    std::sort(dests_.begin(), dests_.end());
    for (std::size_t i = 0; i < dests_.size();) {
      std::size_t j = i;
      while (j < dests_.size() && dests_[j] == dests_[i]) ++j;
      round.exchanges.push_back({k, dests_[i], static_cast<double>(j - i)});
      i = j;
    }
  }

  const Adjacency& adj_;
  const Partition& p_;
  GraphCosts costs_;
  double increment_;
  std::vector<std::uint32_t> local_begin_, local_;  // each slot's edges: indices into adj_
  std::vector<VertexId> slot_vertex_;
  std::vector<std::uint32_t> slot_worker_;
  std::vector<double> value_;
  std::vector<char> queued_;
  std::vector<std::uint32_t> queue_;
  std::vector<std::uint64_t> dirty_round_;  // the token of the worker round it was marked in
  std::vector<std::uint32_t> dirty_;
  std::uint64_t token_ = 0;  // one per (round, worker)
  std::vector<std::uint64_t> stamp_;  // per vertex: the token of the last update sent to it
  std::vector<std::uint32_t> at_;     // ... and where it is in the outbox
  std::vector<std::uint32_t> dests_;
};

}  // namespace

AsyncRun async_min_propagation(const Adjacency& adj, const Partition& partition, const GraphCosts& costs,
                               std::vector<double> initial, const std::vector<VertexId>& changed, double increment,
                               const RoundVisitor& visit) {
  AsyncEngine engine(adj, partition, costs, increment);
  return engine.run(std::move(initial), changed, visit);
}

}  // namespace nimbus
