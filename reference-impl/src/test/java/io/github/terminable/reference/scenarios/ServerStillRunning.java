package io.github.terminable.reference.scenarios;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * main returns while a non-terminable server thread accepts on 127.0.0.1: nothing is terminated
 * until the server thread ends after its first connection; then everything is (rule 4.4).
 */
public final class ServerStillRunning {
    public static void main(String[] args) throws IOException {
        Workers.start(3);
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread serving = new Thread(() -> {
            try (server; Socket client = server.accept()) {
                System.out.println("SERVER-ACCEPTED");
            } catch (IOException e) {
                System.out.println("SERVER-FAILED " + e);
            }
            System.out.println("SERVER-ENDED");
        }, "server");
        serving.setDaemon(false);
        serving.start();
        System.out.println("PORT=" + server.getLocalPort());
        System.out.println("READY");
    }
}
