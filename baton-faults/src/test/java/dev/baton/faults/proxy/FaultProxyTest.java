package dev.baton.faults.proxy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The proxy forwards, resets or blackholes, and heals, against a local echo server. */
class FaultProxyTest {

    private ServerSocket echo;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread server = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket client = echo.accept();
                    Thread pump = new Thread(() -> {
                        try (client) {
                            client.getInputStream().transferTo(client.getOutputStream());
                        } catch (IOException ignored) {
                            // client gone
                        }
                    });
                    pump.setDaemon(true);
                    pump.start();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        server.setDaemon(true);
        server.start();
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        proxy = new FaultProxy("test", port, echo.getLocalPort()).start();
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void forwardsBothWays() throws IOException {
        try (Socket socket = connect()) {
            assertThat(roundTrip(socket, "hello")).isEqualTo("hello");
        }
    }

    @Test
    void aResetCutClosesLiveConnectionsAndRefusesNewOnesUntilHealed() throws IOException {
        try (Socket live = connect()) {
            roundTrip(live, "before");
            proxy.cut(CutMode.RESET);
            assertThatThrownBy(() -> roundTrip(live, "during")).isInstanceOf(IOException.class);
        }
        try (Socket fresh = connect()) {
            assertThatThrownBy(() -> roundTrip(fresh, "during")).isInstanceOf(IOException.class);
        }
        proxy.heal();
        try (Socket after = connect()) {
            assertThat(roundTrip(after, "after")).isEqualTo("after");
        }
    }

    @Test
    void aBlackholeHoldsTrafficSilentlyAndDeliversItOnceHealed() throws IOException {
        try (Socket live = connect()) {
            roundTrip(live, "before");
            proxy.cut(CutMode.BLACKHOLE);
            live.getOutputStream().write("held".getBytes());
            live.setSoTimeout(500);
            assertThatThrownBy(() -> live.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            proxy.heal();
            live.setSoTimeout(5_000);
            assertThat(new String(live.getInputStream().readNBytes(4))).isEqualTo("held");
        }
    }

    @Test
    void aHalfOpenCutResetsTheClientAtTheHealAndLeavesTheServerSideOpen() throws IOException {
        try (Socket live = connect()) {
            roundTrip(live, "before");
            proxy.cut(CutMode.HALF_OPEN);
            live.getOutputStream().write("lost".getBytes());
            proxy.heal(60); // with no linger the closer thread may already have emptied the count
            assertThatThrownBy(() -> roundTrip(live, "after")).isInstanceOf(IOException.class);
        }
        assertThat(proxy.halfOpen()).isEqualTo(1);
        try (Socket fresh = connect()) {
            assertThat(roundTrip(fresh, "new")).isEqualTo("new");
        }
    }

    @Test
    void aClosedConnectionIsForgotten() throws IOException {
        try (Socket socket = connect()) {
            roundTrip(socket, "x");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.connections() == 0);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static String roundTrip(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes());
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] back = in.readNBytes(text.length());
        if (back.length < text.length()) {
            throw new IOException("connection closed after " + back.length + " bytes");
        }
        return new String(back);
    }
}
