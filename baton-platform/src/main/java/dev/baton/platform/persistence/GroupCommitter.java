package dev.baton.platform.persistence;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Group commit: items submitted one by one are committed together. While {@code concurrentGroups} commits are
 * running, the items that arrive wait and go together (at most {@code maxGroupSize}) into the next one. Each caller is
 * answered only after its own item's commit; under light load every item has a commit of its own and waits for nothing.
 *
 * @param <I> what a caller submits
 * @param <R> the answer to one item
 */
public final class GroupCommitter<I, R> {

    private static final Logger LOG = Logger.getLogger(GroupCommitter.class);

    private final int concurrentGroups;
    private final int maxGroupSize;
    private final Function<List<I>, Uni<List<R>>> commit;
    private final IntConsumer groupSizes;
    private final ConcurrentLinkedQueue<Waiting<I, R>> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger runningGroups = new AtomicInteger();

    /**
     * @param commit     commits a group in one transaction and answers each item, in the group's order
     * @param groupSizes told the size of every group started (a metric)
     */
    public GroupCommitter(int concurrentGroups, int maxGroupSize, Function<List<I>, Uni<List<R>>> commit,
            IntConsumer groupSizes) {
        if (concurrentGroups < 1 || maxGroupSize < 1) {
            throw new IllegalArgumentException("concurrentGroups and maxGroupSize must be at least 1");
        }
        this.concurrentGroups = concurrentGroups;
        this.maxGroupSize = maxGroupSize;
        this.commit = commit;
        this.groupSizes = groupSizes;
    }

    /** An item waiting for its group's commit. */
    private record Waiting<I, R>(I item, CompletableFuture<R> answer) {
    }

    /** Commits the item in the next group: answered once that group has committed, or with its failure. */
    public Uni<R> submit(I item) {
        CompletableFuture<R> answer = new CompletableFuture<>();
        waiting.add(new Waiting<>(item, answer));
        startGroups();
        return Uni.createFrom().completionStage(answer);
    }

    /**
     * Starts a commit for the waiting items while fewer than {@code concurrentGroups} run. Called after every arrival
     * and after every commit: whichever comes last sees the other's work (add, then check; finish, then check).
     */
    private void startGroups() {
        while (!waiting.isEmpty()) {
            int running = runningGroups.get();
            if (running >= concurrentGroups) {
                return;
            }
            if (!runningGroups.compareAndSet(running, running + 1)) {
                continue;
            }
            List<Waiting<I, R>> group = new ArrayList<>();
            Waiting<I, R> next;
            while (group.size() < maxGroupSize && (next = waiting.poll()) != null) {
                group.add(next);
            }
            if (group.isEmpty()) {
                runningGroups.decrementAndGet();
                continue;
            }
            groupSizes.accept(group.size());
            commit(group).subscribe().with(ignored -> groupDone(), failure -> groupDone());
        }
    }

    private void groupDone() {
        runningGroups.decrementAndGet();
        startGroups();
    }

    /**
     * Commits a group and answers each of its callers. When the group fails and it held more than one item, each item
     * is tried again in a commit of its own, so that one item cannot fail the others.
     */
    private Uni<Void> commit(List<Waiting<I, R>> group) {
        List<I> items = group.stream().map(Waiting::item).toList();
        return Uni.createFrom().deferred(() -> commit.apply(items))
                .invoke(results -> {
                    for (int i = 0; i < group.size(); i++) {
                        group.get(i).answer().complete(results.get(i));
                    }
                })
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    if (group.size() == 1) {
                        group.get(0).answer().completeExceptionally(failure);
                        return Uni.createFrom().voidItem();
                    }
                    LOG.debugf("a group of %d items failed (%s); committing them one by one", group.size(),
                            failure.getMessage());
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Waiting<I, R> w : group) {
                        chain = chain.flatMap(v -> commit(List.of(w)));
                    }
                    return chain;
                });
    }
}
