package dev.baton.faults.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Every port of one run, laid out from a base so that a run never clashes with {@code ./baton}'s defaults (8081-8083,
 * 9092, 15432) nor with another run on another base: base+0 broker, +1 controller, +2 PostgreSQL, then per replica i
 * (0..5) +10+i its broker listener, +20+i its broker proxy, +30+i its database proxy, +40+i its HTTP port, +50+i its
 * management port (health, metrics).
 */
public record Ports(int base) {

    public static final int REPLICAS = 6;

    public int broker() {
        return base;
    }

    public int controller() {
        return base + 1;
    }

    public int postgres() {
        return base + 2;
    }

    /** The broker listener dedicated to replica {@code i}; only its proxy connects to it. */
    public int brokerListener(int i) {
        return base + 10 + i;
    }

    /** Where replica {@code i}'s Kafka clients connect (and what the broker advertises to them). */
    public int brokerProxy(int i) {
        return base + 20 + i;
    }

    public int postgresProxy(int i) {
        return base + 30 + i;
    }

    public int http(int i) {
        return base + 40 + i;
    }

    public int management(int i) {
        return base + 50 + i;
    }

    /** Fails fast, naming the port, when anything of the layout is taken. */
    public void requireFree() {
        int[] all = {broker(), controller(), postgres()};
        for (int port : all) {
            requireFree(port);
        }
        for (int i = 0; i < REPLICAS; i++) {
            requireFree(brokerListener(i));
            requireFree(brokerProxy(i));
            requireFree(postgresProxy(i));
            requireFree(http(i));
            requireFree(management(i));
        }
    }

    private static void requireFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " is in use: choose another --port-base", e);
        }
    }
}
