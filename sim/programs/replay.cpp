// replay: SimGrid's time-independent traces, as `smpirun -trace-ti` writes them and SMPI's
// replay reads them: one action per line, `RANK ACTION ARGS`. Sizes are bytes (SMPI counts
// elements of MPI_BYTE by default); trailing datatype and tag fields are accepted and
// ignored: messages between two ranks match in order. Extensions: `sleep S`, and
// `lock NAME` / `unlock NAME` on locks shared by the job's ranks on one host.
#include "config/config_error.hpp"
#include "programs/rank_body.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace nimbus {
namespace {

class ReplayReader {
public:
  ReplayReader(std::vector<RankBody>& bodies, std::map<std::string, int>& locks, std::string key)
      : bodies_(bodies), locks_(locks), key_(std::move(key)) {}

  // Reads one file; `only_rank` >= 0 for a file of one rank's actions.
  // Locks a rank still holds when its actions end: that rank would never release them.
  void check_released(const std::string& path) const {
    for (const auto& [rank, held] : held_)
      if (!held.empty())
        for (const auto& [name, id] : locks_)
          if (id == held.front())
            throw ConfigError(path, key_, "rank " + std::to_string(rank) + " ends holding lock " + name);
  }

  void read(const std::string& path, int only_rank) {
    std::ifstream in(path);
    if (!in) throw ConfigError(path, key_, "cannot read actions file");
    std::string line;
    path_ = &path;
    for (line_ = 1; std::getline(in, line); ++line_) {
      split(line);
      if (fields_.empty() || fields_[0][0] == '#') continue;
      const long long rank = integer(0, "a rank");
      if (rank < 0 || rank >= static_cast<long long>(bodies_.size()))
        fail(0, "rank " + fields_[0] + " is not one of the program's " + std::to_string(bodies_.size()) + " ranks");
      if (only_rank >= 0 && rank != only_rank)
        fail(0, "this file holds rank " + std::to_string(only_rank) + "'s actions, not rank " + fields_[0] + "'s");
      if (fields_.size() < 2) fail(0, "expected an action after the rank");
      action(bodies_[static_cast<std::size_t>(rank)]);
    }
  }

private:
  // The line's words (a million-line trace is read without a stream per line).
  void split(const std::string& line) {
    fields_.clear();
    std::size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
      const std::size_t start = i;
      while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i]))) ++i;
      if (i > start) fields_.emplace_back(line, start, i - start);
    }
  }

  void action(RankBody& b) {
    const std::string& a = fields_[1];
    if (a == "init" || a == "finalize" || a == "comm_size" || a == "test") return;
    if (a == "compute") return b.compute(amount(2, "flops", 1, 1));
    if (a == "sleep") return b.sleep(amount(2, "seconds", 1, 1));
    if (a == "send") return b.send(peer(2, b), amount(3, "bytes", 2, 4));
    if (a == "Isend") return b.isend(peer(2, b), amount(3, "bytes", 2, 4));
    if (a == "recv") return (args(1, 4), b.recv(peer(2, b)));
    if (a == "Irecv") return (args(1, 4), b.irecv(peer(2, b)));
    if (a == "wait") {
      args(0, 3);
      if (fields_.size() == 2) return b.wait(-1);
      if (fields_.size() == 3) fail(1, "wait takes no argument, or SRC DST [TAG]");
      // `wait SRC DST [TAG]`: the request between this rank and the other one.
      const int src = peer(2, b), dst = peer(3, b);
      return b.wait(src == b.rank() ? dst : src);
    }
    if (a == "waitall" || a == "waitAll") return (args(0, 0), b.wait_all());
    if (a == "barrier") return (args(0, 0), b.barrier());
    if (a == "bcast") return b.bcast(amount(2, "bytes", 1, 3), root(3, b));
    if (a == "reduce") return b.reduce(amount(2, "bytes", 2, 4), amount(3, "flops", 2, 4), root(4, b));
    if (a == "allreduce" || a == "allReduce") return b.allreduce(amount(2, "bytes", 2, 3), amount(3, "flops", 2, 3));
    if (a == "alltoall" || a == "allToAll") return b.alltoall(amount(2, "bytes", 1, 4));
    if (a == "gather") return b.gather(amount(2, "bytes", 1, 5), root(4, b));
    if (a == "scatter") return b.scatter(amount(2, "bytes", 1, 5), root(4, b));
    if (a == "allgather" || a == "allGather") return b.allgather(amount(2, "bytes", 1, 4));
    if (a == "lock" || a == "unlock") {
      args(1, 1);
      const int id = locks_.emplace(fields_[2], static_cast<int>(locks_.size())).first->second;
      auto& held = held_[b.rank()];
      const auto it = std::find(held.begin(), held.end(), id);
      if (a == "lock") {
        if (it != held.end()) fail(2, "rank " + std::to_string(b.rank()) + " holds lock " + fields_[2] + " already");
        held.push_back(id);
        return b.lock(id);
      }
      if (it == held.end()) fail(2, "rank " + std::to_string(b.rank()) + " does not hold lock " + fields_[2]);
      held.erase(it);
      return b.unlock(id);
    }
    fail(1, "unknown action \"" + a + "\" (known: compute, sleep, send, Isend, recv, Irecv, wait, waitall, barrier, "
            "bcast, reduce, allreduce, alltoall, gather, scatter, allgather, lock, unlock, init, finalize, comm_size)");
  }

  // Requires between `least` and `most` arguments after the action.
  void args(std::size_t least, std::size_t most) {
    const std::size_t n = fields_.size() - 2;
    if (n < least || n > most)
      fail(1, fields_[1] + " takes " + (least == most ? std::to_string(least) : std::to_string(least) + " to " + std::to_string(most)) +
                  " arguments, not " + std::to_string(n));
  }
  // The number in field i; the action takes between `least` and `most` arguments.
  double amount(std::size_t i, const char* what, std::size_t least, std::size_t most) {
    args(least, most);
    if (i >= fields_.size()) fail(1, fields_[1] + " needs " + what);
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(fields_[i].c_str(), &end);
    // At most the bound of flops and seconds (1e21: beyond, sums turn infinite) or of bytes
    // (a size's, 1e18: SimGrid counts a transfer's bytes in 64 bits).
    const bool bytes = std::strcmp(what, "bytes") == 0;
    if (*end != '\0' || errno != 0 || !std::isfinite(v) || v < 0 || v > (bytes ? 1e18 : 1e21))
      fail(i, "expected " + std::string(what) + " (a number from 0 to " + (bytes ? "1e18" : "1e21") + "), got \"" +
                  fields_[i] + "\"");
    return v;
  }
  long long integer(std::size_t i, const char* what) {
    char* end = nullptr;
    errno = 0;
    const long long v = std::strtoll(fields_[i].c_str(), &end, 10);
    if (*end != '\0' || errno != 0) fail(i, "expected " + std::string(what) + ", got \"" + fields_[i] + "\"");
    return v;
  }
  int peer(std::size_t i, const RankBody& b) {
    if (i >= fields_.size()) fail(1, fields_[1] + " needs a rank");
    const long long r = integer(i, "a rank");
    if (r < 0 || r >= b.ranks()) fail(i, "rank " + fields_[i] + " is not one of the program's " + std::to_string(b.ranks()) + " ranks");
    if (r == b.rank() && fields_[1] != "wait") fail(i, "a rank cannot " + fields_[1] + " to itself");
    return static_cast<int>(r);
  }
  int root(std::size_t i, const RankBody& b) {
    if (i >= fields_.size()) return 0;
    const long long r = integer(i, "a root rank");
    if (r < 0 || r >= b.ranks()) fail(i, "rank " + fields_[i] + " is not one of the program's " + std::to_string(b.ranks()) + " ranks");
    return static_cast<int>(r);
  }

  [[noreturn]] void fail(std::size_t field, const std::string& message) const {
    // The column of the field: its position in the line as written (1-based).
    std::size_t col = 1;
    for (std::size_t k = 0; k < field && k < fields_.size(); ++k) col += fields_[k].size() + 1;
    throw ConfigError(*path_ + ":" + std::to_string(line_) + ":" + std::to_string(col), key_, message);
  }

  std::map<int, std::vector<int>> held_;  // locks each rank holds at this point of its actions
  std::vector<RankBody>& bodies_;
  std::map<std::string, int>& locks_;
  std::string key_;
  const std::string* path_ = nullptr;
  long long line_ = 0;
  std::vector<std::string> fields_;
};

// The ranks of a single file: one more than the largest rank that starts a line.
int count_ranks(const std::string& path, const std::string& key) {
  std::ifstream in(path);
  if (!in) throw ConfigError(path, key, "cannot read actions file");
  long long most = -1;
  std::string line;
  for (long long n = 1; std::getline(in, line); ++n) {
    const std::size_t start = line.find_first_not_of(" \t\r");
    if (start == std::string::npos || line[start] == '#') continue;
    const std::string first = line.substr(start, line.find_first_of(" \t\r", start) - start);
    char* end = nullptr;
    const long long r = std::strtoll(first.c_str(), &end, 10);
    if (*end != '\0' || r < 0 || r >= 100'000)
      throw ConfigError(path + ":" + std::to_string(n) + ":1", key, "expected a rank from 0 to 99999, got \"" + first + "\"");
    most = std::max(most, r);
  }
  if (most < 0) throw ConfigError(path, key, "holds no action");
  return static_cast<int>(most + 1);
}

}  // namespace

void generate_replay(const WorkloadItem& w, std::uint32_t item, WorkloadBuilder& out) {
  const std::string key = "workload[" + std::to_string(item) + "].actions";
  const auto& files = w.replay.actions;
  int ranks = w.ranks.ranks;
  if (files.size() == 1 && !w.replay.per_rank) {
    const int found = count_ranks(files[0], key);
    if (ranks != 0 && found > ranks)
      throw ConfigError(files[0], key, "has actions for " + std::to_string(found) + " ranks; the program has " +
                                           std::to_string(ranks));
    if (ranks == 0) ranks = found;
  }
  std::vector<RankBody> bodies;
  for (int r = 0; r < ranks; ++r) bodies.emplace_back(r, ranks);
  std::map<std::string, int> locks;
  ReplayReader reader(bodies, locks, key);
  for (std::size_t f = 0; f < files.size(); ++f) reader.read(files[f], w.replay.per_rank ? static_cast<int>(f) : -1);
  reader.check_released(files.back());
  RanksSpec spec = w.ranks;
  spec.ranks = ranks;
  add_program_job(spec, item, "replay" + std::to_string(item), bodies, out);
}

}  // namespace nimbus
