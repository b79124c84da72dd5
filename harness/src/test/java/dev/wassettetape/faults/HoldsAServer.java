package dev.wassettetape.faults;

import dev.wassettetape.server.CommandServer;

/**
 * A JVM that starts a server the way the harness does, prints the pids of its process tree, and
 * waits to be killed: how {@link FaultsIT} checks that no server outlives its JVM.
 */
public final class HoldsAServer {

  public static void main(String[] args) throws Exception {
    CommandServer server = CommandServer.start(MisbehavingServer.command("ignore-eof"), null);
    Thread.sleep(500); // the guard has started the server
    StringBuilder pids = new StringBuilder().append(server.handle().pid());
    server.handle().descendants().forEach(p -> pids.append(' ').append(p.pid()));
    System.out.println(pids);
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }

  private HoldsAServer() {}
}
