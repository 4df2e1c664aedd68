#include "faults/checkpoint.hpp"
#include "faults/message_log.hpp"
#include "faults/replication.hpp"
#include "faults/retry.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace nimbus;

TEST_CASE("retry: N attempts in all, back-off growing by its factor, only for failures of the platform") {
  FaultSpec spec;
  spec.retry = 3;
  spec.backoff_s = 10;
  spec.backoff_factor = 2;
  const RetryRule rule(spec);
  CHECK(rule.delay_before(2, Outcome::HostFailed) == 10.0);  // the base before the second
  CHECK(rule.delay_before(3, Outcome::InputLost) == 20.0);   // doubled before the third
  CHECK_FALSE(rule.delay_before(4, Outcome::HostFailed));    // three in all
  CHECK_FALSE(rule.delay_before(2, Outcome::DependencyFailed));  // the workload's fault: no retry
  CHECK_FALSE(rule.delay_before(2, Outcome::WalltimeExceeded));
  CHECK_FALSE(rule.delay_before(2, Outcome::Cancelled));
  CHECK_FALSE(RetryRule(FaultSpec{}).delay_before(2, Outcome::HostFailed));  // default: one attempt
}

TEST_CASE("checkpoint intervals: Young's and Daly's optima") {
  // Young: sqrt(2 x 60 x 86400) = 3220 s for a 1-minute checkpoint and a 1-day MTBF.
  CHECK(young_interval(60, 86400) == doctest::Approx(std::sqrt(2.0 * 60 * 86400)));
  // Daly's correction shortens it by about C when C << M: sqrt(2CM)(1 + sqrt(C/2M)/3 + C/18M) - C.
  const double x = 60.0 / (2 * 86400);
  CHECK(daly_interval(60, 86400) == doctest::Approx(std::sqrt(2.0 * 60 * 86400) * (1 + std::sqrt(x) / 3 + x / 9) - 60));
  CHECK(daly_interval(300, 100) == 100.0);  // C >= 2M: checkpoint every M
}

TEST_CASE("Daly's expected time, and restart from scratch as its limit") {
  // W = 1000 s in segments of 100 s + 10 s, R = 5 s, M = 500 s: 500 e^0.01 (e^0.22 - 1) x 10.
  CHECK(daly_expected_time(1000, 100, 10, 5, 500) == doctest::Approx(500 * std::exp(0.01) * (std::exp(0.22) - 1) * 10));
  // One segment, no checkpoint, no restart cost: (e^(W/M) - 1) M.
  CHECK(daly_expected_time(500, 500, 0, 0, 500) == doctest::Approx((std::exp(1.0) - 1) * 500));
  // Without failures (M -> infinity) it is the work plus the checkpoints.
  CHECK(daly_expected_time(1000, 100, 10, 5, 1e12) == doctest::Approx(1100).epsilon(1e-6));
}

TEST_CASE("interval auto plans for the most failure-prone hosts") {
  PlatformConfig p;
  CHECK_FALSE(planning_mtbf(p));
  HostGroup a, b;
  a.failures = FailureSpec{};
  a.failures->up_time = Distribution::fixed(7200);
  b.failures = FailureSpec{};
  b.failures->trace = {{10, false}, {20, true}};  // a trace has no MTBF
  p.groups = {a, b};
  FailureRule r;
  r.spec.up_time = Distribution::fixed(3600);
  p.failure_rules = {r};
  CHECK(planning_mtbf(p) == 3600.0);
}

TEST_CASE("replication: tasks of elastic jobs run as copies") {
  Workload w;
  w.jobs.resize(3);
  w.jobs[1].rigid_cores = 8;  // a rigid job's tasks start together: no copies
  w.jobs[2].ranks = 4;        // nor a program's ranks
  for (JobId j = 0; j < 3; ++j) {
    Task t;
    t.job = j;
    w.tasks.push_back(t);
  }
  CHECK(copies_of(w, 0, 3) == 3);
  CHECK(copies_of(w, 1, 3) == 1);
  CHECK(copies_of(w, 2, 3) == 1);
}

TEST_CASE("message log: what a replay sends again and where a receive reads from") {
  using Source = MessageLog::Source;
  MessageLog log;
  // Not sent yet: the sender sends it, the receiver waits in the mailbox.
  CHECK(log.must_send(0, 1, 0));
  CHECK(log.source(0, 1, 0, true) == Source::Mailbox);
  // Sent and in the mailbox (no transfer handle: never matched): still the mailbox.
  log.posted(0, 1, 0, 100, nullptr);
  CHECK(log.source(0, 1, 0, true) == Source::Mailbox);
  CHECK(log.messages_logged() == 1);
  CHECK(log.bytes_logged() == 100);
  // Delivered: a replaying sender does not send it again; a replaying receiver reads it from
  // the log while the sender is up, and waits for it otherwise.
  log.delivered(0, 1, 0);
  CHECK_FALSE(log.must_send(0, 1, 0));
  CHECK(log.source(0, 1, 0, true) == Source::Log);
  CHECK(log.source(0, 1, 0, false) == Source::WaitForSender);
  // Lost on its way: sent again by a replaying sender, unless the receiver is reading it.
  log.posted(0, 1, 1, 50, nullptr);
  log.lost(0, 1, 1);
  CHECK(log.must_send(0, 1, 1));
  CHECK(log.source(0, 1, 1, true) == Source::Log);
  log.claim(0, 1, 1, true);
  CHECK_FALSE(log.must_send(0, 1, 1));
  // Sending it again logs nothing more: the log holds a message once.
  log.claim(0, 1, 1, false);
  log.posted(0, 1, 1, 50, nullptr);
  CHECK(log.messages_logged() == 2);
  CHECK(log.bytes_logged() == 150);
  CHECK(log.held() == 2);
  // The receiver's checkpoint holds the first message: the log lets it go, and a sender
  // replaying from before it does not send it.
  log.forget_before(0, 1, 1);
  CHECK(log.held() == 1);
  CHECK_FALSE(log.must_send(0, 1, 0));
  CHECK(log.bytes(0, 1, 1) == 50);
  // Pairs are separate: 1 -> 0 is not 0 -> 1.
  CHECK(log.must_send(1, 0, 0));
  // A message cannot be sent before the ones before it.
  CHECK_THROWS_AS(log.posted(0, 1, 5, 1, nullptr), InvariantError);
}
