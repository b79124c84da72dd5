package dev.wassettetape.internal.cli;

import dev.wassettetape.client.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code wassette-tape} command: record, replay, verify and inspect tapes from the shell, and
 * run the upgrade check of a project's tapes. {@code java -jar harness/target/wassette-tape.jar
 * --help}.
 */
@Command(
    name = "wassette-tape",
    mixinStandardHelpOptions = true,
    version = "wassette-tape " + Version.HARNESS,
    description =
        "Record, replay and verify MCP sessions with Wassette components (or any stdio MCP server).",
    subcommands = {
      RecordCommand.class,
      ReplayCommand.class,
      VerifyCommand.class,
      InspectCommand.class,
      UpgradeCheckCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line; returns the exit code. */
  public static int run(String... args) {
    return new CommandLine(new Main())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(
            (e, line, parsed) -> {
              // a user's mistake or a server that failed: its message, not a stack trace
              line.getErr().println(line.getCommandName() + ": " + e.getMessage());
              return 2;
            })
        .execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }
}
