package dev.baton.faults.workload;

import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/** One lead on its way through the lifecycle: its next step, and when that step is due. */
final class Journey implements Delayed {

    enum Step { CONVERT, QUALIFY, AWAIT_OPPORTUNITY, ANSWER, AWAIT_OPEN, CLOSE, RETAIN, REFER, DONE }

    String leadId;
    Step step;
    String opportunityId;
    String repId;
    /** Refused or unreachable tries of the current step. */
    int tries;
    /** When the current wait (for an opportunity, for OPEN) began. */
    long waitingSince;
    private long due;

    Journey(Step step) {
        this.step = step;
    }

    Journey next(Step next, long delayMillis) {
        step = next;
        tries = 0;
        waitingSince = 0;
        return after(delayMillis);
    }

    Journey after(long delayMillis) {
        due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis);
        return this;
    }

    @Override
    public long getDelay(TimeUnit unit) {
        return unit.convert(due - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
        return Long.compare(due, ((Journey) other).due);
    }
}
