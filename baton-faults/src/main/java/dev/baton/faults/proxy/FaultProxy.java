package dev.baton.faults.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy from 127.0.0.1:listenPort to 127.0.0.1:targetPort (never any other address) that can cut the link for a
 * while: see {@link CutMode}. One per replica and per dependency (broker, database), so that a cut isolates exactly one
 * replica from one dependency.
 */
public final class FaultProxy implements AutoCloseable {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final String name;
    private final int listenPort;
    private final int targetPort;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    /** Server-side sockets of half-open links, silent until the proxy closes. */
    private final Set<Socket> abandoned = ConcurrentHashMap.newKeySet();
    private final Object state = new Object();
    private ServerSocket server;
    private CutMode cut;
    private volatile boolean closed;

    public FaultProxy(String name, int listenPort, int targetPort) {
        if (!LOOPBACK.getHostAddress().equals("127.0.0.1")) {
            throw new IllegalStateException("the loopback address is not 127.0.0.1: " + LOOPBACK);
        }
        this.name = name;
        this.listenPort = listenPort;
        this.targetPort = targetPort;
    }

    public FaultProxy start() {
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(LOOPBACK, listenPort), 200);
        } catch (IOException e) {
            throw new IllegalStateException("proxy " + name + " cannot listen on " + listenPort, e);
        }
        Thread acceptor = new Thread(this::accept, name + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return this;
    }

    public String name() {
        return name;
    }

    int targetPort() {
        return targetPort;
    }

    public int port() {
        return listenPort;
    }

    /** Cuts the link: live connections are reset or frozen, new ones reset or held, until {@link #heal()}. */
    public void cut(CutMode mode) {
        synchronized (state) {
            cut = mode;
        }
        if (mode == CutMode.RESET) {
            for (Link link : links) {
                link.close(true);
            }
        }
    }

    /**
     * Ends the cut. After a blackhole, frozen connections (and those accepted meanwhile) go on where they stopped; after
     * a half-open cut their clients are reset and the server's side stays open and silent for {@code lingerSeconds}
     * more (standing for TCP keepalive giving up, hours later on a real network), then is closed.
     */
    public void heal(int lingerSeconds) {
        boolean halfOpen;
        synchronized (state) {
            halfOpen = cut == CutMode.HALF_OPEN;
        }
        if (halfOpen) {
            java.util.List<Socket> left = new java.util.ArrayList<>();
            for (Link link : links) {
                Socket server = link.abandon();
                if (server != null) {
                    left.add(server);
                }
            }
            abandoned.addAll(left);
            Thread closer = new Thread(() -> {
                try {
                    java.util.concurrent.TimeUnit.SECONDS.sleep(lingerSeconds);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                left.forEach(FaultProxy::closeQuietly);
                abandoned.removeAll(left);
            }, name + "-half-open");
            closer.setDaemon(true);
            closer.start();
        }
        synchronized (state) {
            cut = null;
            state.notifyAll();
        }
    }

    public void heal() {
        heal(0);
    }

    /** Server-side connections left half-open now. */
    public int halfOpen() {
        return abandoned.size();
    }

    public int connections() {
        return links.size();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                client.setTcpNoDelay(true);
                Link link = new Link(this, client);
                boolean reset;
                synchronized (state) {
                    reset = cut == CutMode.RESET;
                }
                if (reset) {
                    link.close(true);
                    continue;
                }
                links.add(link);
                Thread runner = new Thread(null, link::run, name + "-out", 128 * 1024);
                runner.setDaemon(true);
                runner.start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("[faults] proxy " + name + " accept failed: " + e);
                }
            }
        }
    }

    /** Blocks while the link is silenced; false when the link was closed meanwhile (or is reset now). */
    boolean awaitOpen(Link link) {
        synchronized (state) {
            while ((cut == CutMode.BLACKHOLE || cut == CutMode.HALF_OPEN) && !link.isClosed() && !closed) {
                try {
                    state.wait(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return cut == null && !link.isClosed() && !closed;
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    void forget(Link link) {
        links.remove(link);
    }

    @Override
    public void close() {
        synchronized (state) {
            cut = null;
        }
        closed = true;
        heal();
        abandoned.forEach(FaultProxy::closeQuietly);
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Link link : links) {
            link.close(false);
        }
    }
}
