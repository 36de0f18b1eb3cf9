package dev.cutover.driver.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay to a database that a test can cut (every connection dropped) and restore, or pause: a
 * network blackhole, where connections stay open and bytes sent are neither delivered nor refused
 * until {@link #resume()} (then they are, as TCP would once the network heals).
 */
final class TcpRelay implements AutoCloseable {
  private final String host;
  private final int targetPort;
  private final int port;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile ServerSocket server;
  private final Object flow = new Object();
  private boolean paused;

  private TcpRelay(String host, int targetPort) throws IOException {
    this.host = host;
    this.targetPort = targetPort;
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress("127.0.0.1", 0));
    this.port = s.getLocalPort();
    listen(s);
  }

  static TcpRelay to(String host, int port) throws IOException {
    return new TcpRelay(host, port);
  }

  int port() {
    return port;
  }

  /** Refuses new connections and drops the open ones. */
  synchronized void stop() throws IOException {
    resume();
    ServerSocket s = server;
    server = null;
    if (s != null) {
      s.close();
    }
    for (Socket socket : sockets) {
      socket.close();
    }
    sockets.clear();
  }

  /** Holds every byte in both directions, on open and new connections alike, closing nothing. */
  void pause() {
    synchronized (flow) {
      paused = true;
    }
  }

  /** Delivers the held bytes and lets traffic flow again. */
  void resume() {
    synchronized (flow) {
      paused = false;
      flow.notifyAll();
    }
  }

  private void awaitFlowing(Socket from) throws IOException {
    synchronized (flow) {
      while (paused && !from.isClosed()) {
        try {
          flow.wait(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
      }
    }
  }

  /** Accepts connections again on the same port. */
  synchronized void start() throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress("127.0.0.1", port));
    listen(s);
  }

  private void listen(ServerSocket s) {
    server = s;
    Thread t =
        new Thread(
            () -> {
              while (!s.isClosed()) {
                try {
                  Socket client = s.accept();
                  // Under the relay's lock: a stop() between accept and registration would
                  // otherwise miss this pair, and a connection would survive the cut.
                  synchronized (TcpRelay.this) {
                    if (server != s) {
                      client.close();
                      return;
                    }
                    Socket upstream = new Socket(host, targetPort);
                    sockets.add(client);
                    sockets.add(upstream);
                    pump(client, upstream);
                    pump(upstream, client);
                  }
                } catch (IOException closed) {
                  // The listening socket was closed by stop(): this accept loop ends.
                  return;
                }
              }
            },
            "relay-accept-" + port);
    t.setDaemon(true);
    t.start();
  }

  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[16384];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  awaitFlowing(from);
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException dropped) {
                // One side closed (or stop() cut it): the pair is finished.
                sockets.remove(from);
              } finally {
                try {
                  to.close();
                  from.close();
                } catch (IOException alreadyClosed) {
                  sockets.remove(to);
                }
              }
            },
            "relay-pump-" + port);
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    stop();
  }
}
