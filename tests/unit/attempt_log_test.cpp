#include "runtime/attempt_table.hpp"

#include <doctest/doctest.h>

using namespace nimbus;

TEST_CASE("the attempt log keeps what an attempt moved only for the attempts that moved something") {
  // A million-task bag logs a million rows that move nothing: 40 bytes each, no side row.
  AttemptTable table;
  RunResult log;
  const Ticket plain = table.open(7, 1, 3, 0.5);
  table[plain].record.start_s = 2;
  table[plain].moved.fetch_s = 2;  // fetched at its start: no inputs, no time before it
  const Attempt& row = table.close(plain, Outcome::Succeeded, 5, log);
  CHECK(row.transfers == Attempt::kNoTransfers);
  CHECK(log.transfers.empty());
  CHECK(log.moved(row).fetch_s == Attempt::kNotStarted);
  CHECK(log.moved(row).bytes_in == 0);
  CHECK(row.task == 7);
  CHECK(row.attempt == 1);
  CHECK(row.host == 3);
  CHECK(row.ready_s == 0.5);
  CHECK(row.end_s == 5);

  // One that brought its inputs for 1.5 s and sent its output: its figures, as filled in.
  const Ticket dag = table.open(8, 2, 1, 1);
  table[dag].moved.fetch_s = 1;
  table[dag].record.start_s = 2.5;
  table[dag].moved.bytes_in = 4e6;
  table[dag].moved.bytes_out = 1e6;
  table[dag].moved.transfer_s = 2;
  table.close(dag, Outcome::NetworkFailed, 4, log);
  REQUIRE(log.attempts.size() == 2);
  REQUIRE(log.transfers.size() == 1);
  const Transfers& moved = log.moved(log.attempts[1]);
  CHECK(moved.fetch_s == 1);
  CHECK(moved.bytes_in == 4e6);
  CHECK(moved.bytes_out == 1e6);
  CHECK(moved.transfer_s == 2);
  CHECK(log.attempts[1].outcome == Outcome::NetworkFailed);

  // A slot reused starts clean: nothing of the last attempt's transfers.
  const Ticket again = table.open(9, 1, 1, 0);
  CHECK(table[again].moved.bytes_in == 0);
  CHECK(table[again].moved.fetch_s == Attempt::kNotStarted);
}

TEST_CASE("an attempt number past 16 bits is refused, not wrapped") {
  AttemptTable table;
  CHECK_NOTHROW(table.open(0, 65535, 0, 0));
  CHECK_THROWS_AS(table.open(1, 65536, 0, 0), InvariantError);
}
