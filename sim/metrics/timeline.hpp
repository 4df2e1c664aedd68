// timeline.json: the run as Chrome trace events, for Perfetto (ui.perfetto.dev) or
// chrome://tracing. Times are microseconds of simulated time, exact to the nanosecond.
//
//   programs  a track per program (drawn first), a lane per rank: compute, sleep, comm and
//             wait slices, and an arrow per message
//   cluster   counters: cores busy, hosts up
//   hosts     a track per host in platform order, a lane ("task slot") per attempt running
//             at once there: each attempt a slice colored by its outcome, preceded by an
//             "(inputs)" slice while its inputs arrived; failure and repair instants; an
//             arrow along each DAG edge, from the producer's end to the consumer's fetch
//
// Written event by event: memory beyond the run's own records is O(attempts) numbers
// (sorting, lanes) and O(hosts), never the events.
#pragma once

#include "runtime/simulate.hpp"

#include <string>

namespace nimbus {

// Arrows along DAG edges are capped: at most kArrowsPerAttempt into one attempt (its first
// inputs, in the DAG's order) and kArrowsInFile in all (attempts taken by the time they
// began to fetch). otherData.dependency_arrows counts those drawn and left out.
inline constexpr long long kArrowsPerAttempt = 64;
inline constexpr long long kArrowsInFile = 100000;

void write_timeline(const std::string& path, const Simulation& sim);

// The Chrome trace viewer's reserved color (cname) of an attempt that ended so.
const char* outcome_color(Outcome outcome);

}  // namespace nimbus
