package dev.baton.faults.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * One proxied connection: two pump threads copying bytes client → target and target → client. While the proxy is
 * frozen a pump holds what it read instead of writing it, so nothing flows and nothing is lost.
 */
final class Link {

    private static final long PUMP_STACK = 128 * 1024;

    private final FaultProxy proxy;
    private final Socket client;
    private volatile Socket target;
    private final java.util.concurrent.atomic.AtomicInteger pumpsDone = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean closed;
    private volatile boolean abandoned;

    Link(FaultProxy proxy, Socket client) {
        this.proxy = proxy;
        this.client = client;
    }

    /** Connects to the target (once the proxy is open) and starts pumping; runs on its own thread. */
    void run() {
        try {
            if (!proxy.awaitOpen(this)) {
                return;
            }
            Socket upstream = new Socket();
            upstream.setTcpNoDelay(true);
            upstream.connect(new InetSocketAddress(FaultProxy.LOOPBACK, proxy.targetPort()), 5_000);
            target = upstream;
            if (closed) {
                close(false);
                return;
            }
            Thread back = new Thread(null, () -> pump(upstream, client), proxy.name() + "-in", PUMP_STACK);
            back.setDaemon(true);
            back.start();
            pump(client, upstream);
        } catch (IOException e) {
            close(false);
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    to.shutdownOutput();
                    return;
                }
                if (!proxy.awaitOpen(this)) {
                    return;
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            close(false);
        } finally {
            // Both directions ended (EOF each way): the connection is over.
            if (pumpsDone.incrementAndGet() == 2) {
                close(false);
            }
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Closes both sides (an abandoned link's server side excepted); {@code reset} sends RST instead of a FIN. */
    void close(boolean reset) {
        closed = true;
        closeQuietly(client, reset);
        Socket upstream = target;
        if (upstream != null && !abandoned) {
            closeQuietly(upstream, reset);
        }
        proxy.forget(this);
    }

    /**
     * Resets the client's side and leaves the server's side open and silent; returns that socket (or null if it was
     * never connected), for the proxy to close at the end of the run.
     */
    Socket abandon() {
        abandoned = true;
        close(true);
        return target;
    }

    private static void closeQuietly(Socket socket, boolean reset) {
        try {
            if (reset && !socket.isClosed()) {
                socket.setSoLinger(true, 0);
            }
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
