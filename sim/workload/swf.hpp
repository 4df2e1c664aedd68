// The Standard Workload Format of the Parallel Workloads Archive (Feitelson et al.):
// one job per line, 18 whitespace-separated fields, ';' header comments, -1 for unknown.
// Reads .swf and .swf.gz alike (zlib reads plain files through).
#pragma once

#include <string>
#include <vector>

namespace nimbus {

struct SwfJob {
  long long id = 0;        // field 1
  double submit_s = 0;     // field 2
  double runtime_s = 0;    // field 4
  int procs = 0;           // field 5 (allocated), else field 8 (requested)
  double requested_s = 0;  // field 9; the runtime when unknown (-1)
  long long user = -1;     // field 12
  long long queue = -1;    // field 15
  int line = 0;            // in the file, for messages
};

struct SwfOptions {
  long long first = 0;                // keep only the first N usable jobs (0: all)
  double window_from_s = 0;           // keep jobs submitted in [from, to)
  double window_to_s = -1;            // -1: no upper bound
};

struct SwfTrace {
  std::vector<SwfJob> jobs;          // in file order
  long long lines = 0;               // job lines read
  long long skipped_unknown = 0;     // runtime or processors unknown (-1): not runnable
  long long zero_runtime = 0;        // kept: they run for no time
  long long outside_window = 0;
};

// Throws ConfigError("file:line", "field N (name)", ...) on a malformed line.
SwfTrace read_swf(const std::string& path, const SwfOptions& options);

}  // namespace nimbus
