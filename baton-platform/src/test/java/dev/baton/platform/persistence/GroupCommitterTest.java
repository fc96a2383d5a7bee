package dev.baton.platform.persistence;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Group commit without a database: commits are futures the test completes by hand. */
class GroupCommitterTest {

    /** The commits started, in order, each completed by the test. */
    private final List<Commit> commits = new ArrayList<>();
    private final List<Integer> sizes = new ArrayList<>();

    private record Commit(List<String> items, CompletableFuture<List<String>> done) {
        void succeed() {
            done.complete(items.stream().map(item -> item + ":ok").toList());
        }
    }

    private GroupCommitter<String, String> committer(int concurrentGroups, int maxGroupSize) {
        return new GroupCommitter<>(concurrentGroups, maxGroupSize, items -> {
            Commit commit = new Commit(items, new CompletableFuture<>());
            commits.add(commit);
            return Uni.createFrom().completionStage(commit.done());
        }, sizes::add);
    }

    private static String answer(CompletableFuture<String> answer) throws Exception {
        return answer.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aLoneItemIsCommittedAtOnce() throws Exception {
        var committer = committer(2, 10);
        CompletableFuture<String> a = committer.submit("a").subscribeAsCompletionStage();

        assertThat(commits).singleElement().extracting(Commit::items).isEqualTo(List.of("a"));
        commits.get(0).succeed();
        assertThat(answer(a)).isEqualTo("a:ok");
    }

    @Test
    void itemsArrivingWhileTheCommitsRunWaitAndGoTogether() throws Exception {
        var committer = committer(1, 10);
        CompletableFuture<String> a = committer.submit("a").subscribeAsCompletionStage();
        CompletableFuture<String> b = committer.submit("b").subscribeAsCompletionStage();
        CompletableFuture<String> c = committer.submit("c").subscribeAsCompletionStage();

        assertThat(commits).hasSize(1);
        assertThat(b).isNotDone();
        commits.get(0).succeed();

        assertThat(commits).hasSize(2);
        assertThat(commits.get(1).items()).containsExactly("b", "c");
        assertThat(b).as("answered only after its own commit").isNotDone();
        commits.get(1).succeed();
        assertThat(answer(a)).isEqualTo("a:ok");
        assertThat(answer(b)).isEqualTo("b:ok");
        assertThat(answer(c)).isEqualTo("c:ok");
        assertThat(sizes).containsExactly(1, 2);
    }

    @Test
    void aGroupHoldsAtMostTheMaximum() {
        var committer = committer(1, 2);
        committer.submit("a").subscribeAsCompletionStage();
        for (String item : List.of("b", "c", "d")) {
            committer.submit(item).subscribeAsCompletionStage();
        }
        commits.get(0).succeed();
        commits.get(1).succeed();

        assertThat(commits).extracting(Commit::items)
                .containsExactly(List.of("a"), List.of("b", "c"), List.of("d"));
    }

    @Test
    void aFailedGroupIsCommittedAgainOneItemAtATime() throws Exception {
        var committer = committer(1, 10);
        CompletableFuture<String> a = committer.submit("a").subscribeAsCompletionStage();
        CompletableFuture<String> b = committer.submit("b").subscribeAsCompletionStage();
        CompletableFuture<String> c = committer.submit("c").subscribeAsCompletionStage();
        commits.get(0).succeed();

        commits.get(1).done().completeExceptionally(new IllegalStateException("c is poison"));
        assertThat(commits).hasSize(3);
        assertThat(commits.get(2).items()).containsExactly("b");
        commits.get(2).succeed();
        assertThat(commits.get(3).items()).containsExactly("c");
        commits.get(3).done().completeExceptionally(new IllegalStateException("c is poison"));

        assertThat(answer(a)).isEqualTo("a:ok");
        assertThat(answer(b)).as("not failed by c").isEqualTo("b:ok");
        assertThatThrownBy(c::join).isInstanceOf(CompletionException.class).hasMessageContaining("c is poison");
    }

    @Test
    void concurrentGroupsRunSideBySide() {
        var committer = committer(2, 10);
        committer.submit("a").subscribeAsCompletionStage();
        committer.submit("b").subscribeAsCompletionStage();
        committer.submit("c").subscribeAsCompletionStage();

        assertThat(commits).extracting(Commit::items).containsExactly(List.of("a"), List.of("b"));
        commits.get(1).succeed();
        assertThat(commits).extracting(Commit::items).containsExactly(List.of("a"), List.of("b"), List.of("c"));
    }
}
