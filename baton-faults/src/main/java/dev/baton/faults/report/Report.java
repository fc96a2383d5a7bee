package dev.baton.faults.report;

import dev.baton.faults.check.Finding;
import dev.baton.faults.round.FaultKind;
import dev.baton.faults.round.RoundResult;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** results/faults/&lt;UTC&gt;/report.md: the summary per fault kind, the findings, then every round's raw data. */
public final class Report {

    /** What the report says about the run as a whole. */
    public record Run(String started, String command, String commit, String machine, String settings, long seconds,
            List<RoundResult> rounds, List<Finding> finalFindings, int finalLeads, java.util.Set<String> stillBroken,
            long republished, long deadLetterRepeats,
            long engagementRecorded, long poisonSent) {
    }

    private Report() {
    }

    public static String markdown(Run run) {
        StringBuilder md = new StringBuilder();
        md.append("# Fault suite run ").append(run.started()).append("\n\n");
        md.append("`").append(run.command()).append("` on ").append(run.commit()).append(", ").append(run.machine())
                .append("; ").append(run.rounds().size()).append(" rounds in ").append(minutes(run.seconds())).append(".\n\n");
        md.append(run.settings()).append("\n\n");
        md.append(String.format("**%d lost, %d duplicated, %d disagreeing projections** (sequence gaps %d, reordered %d, "
                        + "dead-letter mismatches %d) over %d rounds and the final check.%n%n", all(run, Finding.Category.LOST),
                all(run, Finding.Category.DUPLICATED), all(run, Finding.Category.DISAGREEING),
                all(run, Finding.Category.SEQUENCE_GAP), all(run, Finding.Category.REORDERED),
                all(run, Finding.Category.DLQ_UNEXPECTED) + all(run, Finding.Category.DLQ_MISSING), run.rounds().size()));
        if (run.stillBroken() != null) {
            long late = run.rounds().stream().flatMap(r -> r.findings.stream())
                    .filter(f -> !run.stillBroken().contains(f.key())).count();
            md.append(String.format("Of the round findings, %d were no longer there at the final check (late: an event "
                    + "published or a projection converged after the round's deadline), the rest still were; the final "
                    + "check found %d more.%n%n", late, run.finalFindings().size()));
        }
        summary(md, run.rounds());
        md.append("\nRecovery = fault healed (restart issued, SIGCONT sent, link restored) → both the workload's throughput "
                + "(2xx commands/s over a 5-s window) back to 90% of the baseline before the fault, and every consumer "
                + "group's committed offsets past the end offsets of the heal (the backlog the fault left consumed, read "
                + "with AdminClient `listConsumerGroupOffsets` against `listOffsets`). \"—\" = not within the round's "
                + "deadline. Settled = workload paused → every promised event on its topic, every poison dead-lettered, "
                + "consumer lag 0.\n\n");
        md.append(String.format("Outside reader: %d lifecycle/ownership/response records re-published with an id already "
                        + "read (counted once, as the contract allows); %d dead letters repeated for the same poison and "
                        + "group; %d engagement events answered RECORDED; %d poison records sent.%n%n",
                run.republished(), run.deadLetterRepeats(), run.engagementRecorded(), run.poisonSent()));
        findings(md, "Findings, each in the round that first found it", run.rounds().stream()
                .flatMap(r -> r.findings.stream().map(f -> "round " + r.number + " (" + r.kind + "): " + f.category() + " "
                        + f.detail() + (run.stillBroken() != null && !run.stillBroken().contains(f.key())
                        ? " (gone at the final check: late)" : ""))).toList());
        findings(md, "Final check: what no round had reported (every lead of the run, " + run.finalLeads()
                        + " leads, after the last round)",
                run.finalFindings().stream().map(f -> f.category() + " " + f.detail()).toList());
        rounds(md, run.rounds());
        return md.toString();
    }

    private static void summary(StringBuilder md, List<RoundResult> rounds) {
        md.append("| fault | rounds | lost | duplicated | disagreeing | gaps | reordered | DLQ mismatches | recovery median | recovery max | not recovered | not settled |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (FaultKind kind : FaultKind.values()) {
            List<RoundResult> of = rounds.stream().filter(r -> r.kind == kind).toList();
            if (of.isEmpty()) {
                continue;
            }
            List<Double> recoveries = of.stream().map(RoundResult::recovery).filter(java.util.Objects::nonNull).sorted().toList();
            md.append(String.format("| %s | %d | %d | %d | %d | %d | %d | %d | %s | %s | %d | %d |%n", kind.description(),
                    of.size(), total(of, Finding.Category.LOST), total(of, Finding.Category.DUPLICATED),
                    total(of, Finding.Category.DISAGREEING), total(of, Finding.Category.SEQUENCE_GAP),
                    total(of, Finding.Category.REORDERED),
                    total(of, Finding.Category.DLQ_UNEXPECTED) + total(of, Finding.Category.DLQ_MISSING),
                    recoveries.isEmpty() ? "—" : seconds(median(recoveries)),
                    recoveries.isEmpty() ? "—" : seconds(recoveries.get(recoveries.size() - 1)),
                    of.size() - recoveries.size(), of.stream().filter(r -> r.drain == null).count()));
        }
    }

    private static void findings(StringBuilder md, String title, List<String> lines) {
        md.append("## ").append(title).append("\n\n");
        if (lines.isEmpty()) {
            md.append("None.\n\n");
            return;
        }
        int shown = Math.min(lines.size(), 200);
        for (String line : lines.subList(0, shown)) {
            md.append("* ").append(line.replace("|", "\\|")).append('\n');
        }
        if (shown < lines.size()) {
            md.append("* … and ").append(lines.size() - shown).append(" more\n");
        }
        md.append('\n');
    }

    private static void rounds(StringBuilder md, List<RoundResult> rounds) {
        md.append("## Rounds (raw)\n\n");
        md.append("| # | fault | target | how | held | baseline cmd/s | lag at heal | throughput back | lag back | recovery | settled | "
                + "ok | refused | unknown | unreachable | stranded | leads checked | lost | dup | disagree | gaps | reord | DLQ | notes |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (RoundResult r : rounds) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %d s | %.1f | %s | %s | %s | %s | %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %s |%n",
                    r.number, r.kind, r.target, r.mode, r.holdSeconds, r.baselineRate,
                    r.lagAtHeal < 0 ? "—" : Long.toString(r.lagAtHeal), seconds(r.throughputRecovery),
                    seconds(r.lagRecovery), seconds(r.recovery()), seconds(r.drain), r.commandsOk, r.commandsRefused,
                    r.commandsUnknown, r.commandsUnreachable, r.stranded, r.leadsChecked, r.count(Finding.Category.LOST),
                    r.count(Finding.Category.DUPLICATED), r.count(Finding.Category.DISAGREEING),
                    r.count(Finding.Category.SEQUENCE_GAP), r.count(Finding.Category.REORDERED),
                    r.count(Finding.Category.DLQ_UNEXPECTED) + r.count(Finding.Category.DLQ_MISSING),
                    String.join("; ", r.notes).replace("|", "\\|")));
        }
        md.append('\n');
    }

    /** One line per round, for tools. */
    public static String csv(List<RoundResult> rounds) {
        StringBuilder csv = new StringBuilder("round,kind,target,mode,held_s,baseline_cmd_s,lag_at_heal,throughput_back_s,"
                + "lag_back_s,recovery_s,settled_s,ok,refused,unknown,unreachable,stranded,leads_checked,lost,duplicated,"
                + "disagreeing,gaps,reordered,dlq_mismatches\n");
        for (RoundResult r : rounds) {
            csv.append(String.join(",", List.of(Integer.toString(r.number), r.kind.name(), quote(r.target), quote(r.mode),
                    Integer.toString(r.holdSeconds), String.format(Locale.ROOT, "%.2f", r.baselineRate),
                    Long.toString(r.lagAtHeal), raw(r.throughputRecovery), raw(r.lagRecovery), raw(r.recovery()),
                    raw(r.drain), Long.toString(r.commandsOk), Long.toString(r.commandsRefused),
                    Long.toString(r.commandsUnknown), Long.toString(r.commandsUnreachable), Long.toString(r.stranded),
                    Integer.toString(r.leadsChecked), Long.toString(r.count(Finding.Category.LOST)),
                    Long.toString(r.count(Finding.Category.DUPLICATED)), Long.toString(r.count(Finding.Category.DISAGREEING)),
                    Long.toString(r.count(Finding.Category.SEQUENCE_GAP)), Long.toString(r.count(Finding.Category.REORDERED)),
                    Long.toString(r.count(Finding.Category.DLQ_UNEXPECTED) + r.count(Finding.Category.DLQ_MISSING)))))
                    .append('\n');
        }
        return csv.toString();
    }

    private static long all(Run run, Finding.Category category) {
        return total(run.rounds(), category) + run.finalFindings().stream().filter(f -> f.category() == category).count();
    }

    public static long total(Collection<RoundResult> rounds, Finding.Category category) {
        return rounds.stream().mapToLong(r -> r.count(category)).sum();
    }

    static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String seconds(Double s) {
        return s == null ? "—" : String.format(Locale.ROOT, "%.1f s", s);
    }

    private static String raw(Double s) {
        return s == null ? "" : String.format(Locale.ROOT, "%.2f", s);
    }

    private static String quote(String s) {
        return s == null ? "" : "\"" + s.replace("\"", "'") + "\"";
    }

    private static String minutes(long seconds) {
        return String.format("%d min %02d s", seconds / 60, seconds % 60);
    }
}
