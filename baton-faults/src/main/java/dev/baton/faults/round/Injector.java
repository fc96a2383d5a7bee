package dev.baton.faults.round;

import dev.baton.faults.infra.Cluster;
import dev.baton.faults.infra.Replica;
import dev.baton.faults.proxy.CutMode;
import dev.baton.faults.proxy.FaultProxy;

import java.util.List;
import java.util.Random;

/** Injects one fault and undoes it. */
final class Injector {

    /** The fault injected: what was hit, how, and how to undo it. */
    record Injected(String target, String mode, Runnable heal) {
    }

    private final Cluster cluster;
    private final Random random;
    private final int halfOpenSeconds;

    Injector(Cluster cluster, Random random, int halfOpenSeconds) {
        this.cluster = cluster;
        this.random = random;
        this.halfOpenSeconds = halfOpenSeconds;
    }

    Injected inject(FaultKind kind) {
        return switch (kind) {
            case KILL_REPLICA -> {
                Replica replica = anyReplica();
                replica.kill();
                yield new Injected(replica.name(), "SIGKILL", replica::start);
            }
            case KILL_BROKER -> {
                cluster.broker.kill();
                yield new Injected("broker", "SIGKILL", cluster.broker::start);
            }
            case PAUSE_BROKER -> {
                cluster.broker.pause();
                yield new Injected("broker", "SIGSTOP", cluster.broker::resume);
            }
            case STOP_POSTGRES -> {
                cluster.postgres.stopImmediate();
                yield new Injected("postgres", "pg_ctl stop -m immediate", cluster.postgres::start);
            }
            case CUT_BROKER_LINK -> cut(kind);
            case CUT_DATABASE_LINK -> cut(kind);
        };
    }

    private Injected cut(FaultKind kind) {
        Replica replica = anyReplica();
        FaultProxy proxy = kind == FaultKind.CUT_BROKER_LINK ? cluster.brokerProxy(replica.index())
                : cluster.databaseProxy(replica.index());
        CutMode mode = CutMode.values()[random.nextInt(CutMode.values().length)];
        int connections = proxy.connections();
        proxy.cut(mode);
        return new Injected(replica.name() + " ↔ " + (kind == FaultKind.CUT_BROKER_LINK ? "broker" : "database"),
                mode + " (" + connections + " connections" + (mode == CutMode.HALF_OPEN ? ", server side kept "
                        + halfOpenSeconds + " s more" : "") + ")", () -> proxy.heal(halfOpenSeconds));
    }

    private Replica anyReplica() {
        List<Replica> replicas = cluster.fleet().replicas();
        return replicas.get(random.nextInt(replicas.size()));
    }
}
