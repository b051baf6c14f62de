package org.mheightlab.cli;

import org.mheightlab.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code mheight} command line. */
@Command(name = "mheight", mixinStandardHelpOptions = true, versionProvider = MHeightCli.VersionProvider.class,
        description = "Exact m-heights of analog codes, course-format datasets, and models that predict them.",
        subcommands = {HeightCommand.class, GenerateCommand.class, VerifyCommand.class, ConvertCommand.class, DescribeCommand.class,
                TrainCommand.class, EvaluateCommand.class, PredictCommand.class, LearningCurveCommand.class, ClassifyCommand.class,
                CommandLine.HelpCommand.class})
public final class MHeightCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (for tests); see {@link CliErrors} for how errors end. */
    public static int run(String... args) {
        // train --help lists the bundled runs from their one list (picocli interpolates ${sys:...}).
        System.setProperty("mheight.bundledRuns", String.join(", ", org.mheightlab.run.RunDefinition.BUNDLED));
        return CliErrors.execute(WholeNumbers.register(new CommandLine(new MHeightCli())), "", args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"mheight-lab " + Version.get()};
        }
    }
}
