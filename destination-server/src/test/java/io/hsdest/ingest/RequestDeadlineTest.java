package io.hsdest.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hsdest.ingest.RequestDeadline.Verdict;
import org.junit.jupiter.api.Test;

/** When a connection is cut, in virtual time: the caller passes every instant. */
class RequestDeadlineTest {
  private static final long BOUND = 30_000;

  @Test
  void aConnectionThatSendsNoWholeRequestIsClosedAtTheBoundAndNotBefore() {
    RequestDeadline d = new RequestDeadline(BOUND, 1_000);

    assertThat(d.dueAt()).isEqualTo(31_000);
    assertThat(d.check(30_999)).isEqualTo(Verdict.KEEP);
    assertThat(d.check(31_000)).as("nothing, or headers still trickling: nothing to answer").isEqualTo(Verdict.CLOSE);
  }

  @Test
  void headersThatArriveLateDoNotMoveTheDeadlineAndABodyStillComingIsAnswered408() {
    RequestDeadline d = new RequestDeadline(BOUND, 0);

    d.headersArrived(); // after 29 s of trickled header bytes
    assertThat(d.dueAt()).as("the bound counts from when the connection was ready, not from the last byte").isEqualTo(30_000);
    assertThat(d.check(29_999)).isEqualTo(Verdict.KEEP);
    assertThat(d.check(30_000)).isEqualTo(Verdict.ANSWER_TIMEOUT);
  }

  @Test
  void aCheckThatComesLateIsRepeatedOnceSoThatTheServersOwnStallIsNotBlamedOnTheClient() {
    RequestDeadline idle = new RequestDeadline(BOUND, 0);
    assertThat(idle.check(30_000 + RequestDeadline.LATE_MS - 1)).as("on time").isEqualTo(Verdict.CLOSE);

    RequestDeadline d = new RequestDeadline(BOUND, 0);
    long late = 30_000 + 2_000; // the event loop was held up for 2 s
    assertThat(d.check(late)).isEqualTo(Verdict.RECHECK);
    d.headersArrived(); // the request was waiting behind the stall
    d.bodyArrived();
    assertThat(d.check(late + RequestDeadline.RECHECK_MS)).isEqualTo(Verdict.KEEP);

    RequestDeadline nothing = new RequestDeadline(BOUND, 0);
    assertThat(nothing.check(late)).isEqualTo(Verdict.RECHECK);
    assertThat(nothing.check(late + RequestDeadline.RECHECK_MS)).as("only once").isEqualTo(Verdict.CLOSE);

    nothing.answered(100_000);
    assertThat(nothing.check(100_000 + BOUND + 5_000)).as("again late after the next answer").isEqualTo(Verdict.RECHECK);
  }

  @Test
  void aWholeRequestStopsTheDeadlineWhileTheServerWorksOnIt() {
    RequestDeadline d = new RequestDeadline(BOUND, 0);

    d.headersArrived();
    d.bodyArrived();

    assertThat(d.dueAt()).isEqualTo(Long.MAX_VALUE);
    assertThat(d.check(10 * BOUND)).as("the request timeout bounds the work, not this").isEqualTo(Verdict.KEEP);
  }

  @Test
  void eachAnswerGivesTheNextRequestAFullBoundAndAnIdleKeepAliveConnectionIsClosedAfterIt() {
    RequestDeadline d = new RequestDeadline(BOUND, 0);
    d.bodyArrived();

    d.answered(25_000);

    assertThat(d.dueAt()).isEqualTo(55_000);
    assertThat(d.check(54_999)).isEqualTo(Verdict.KEEP);
    assertThat(d.check(55_000)).as("idle since the answer: closed, nothing to answer").isEqualTo(Verdict.CLOSE);

    RequestDeadline next = new RequestDeadline(BOUND, 0);
    next.headersArrived();
    next.answered(5_000); // answered early (a 401 before the body came)
    assertThat(next.check(34_999)).isEqualTo(Verdict.KEEP);
    assertThat(next.check(35_000)).as("the answered request's headers no longer count").isEqualTo(Verdict.CLOSE);
  }

  @Test
  void theBoundMustBePositive() {
    assertThatThrownBy(() -> new RequestDeadline(0, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
