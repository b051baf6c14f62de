package org.mheightlab.kernel;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mheightlab.data.io.AtomicFiles;
import org.mheightlab.provenance.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mheight kernel install}: writes the Jupyter kernelspec of the project's Java kernel. */
@Command(name = "kernel", mixinStandardHelpOptions = true, subcommands = KernelCli.Install.class,
        description = "The mheight-lab Jupyter kernel (Java 17, JShell, the mheight magics).")
public final class KernelCli implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new KernelCli()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = {"Install the kernelspec (kernel.json with an absolute java path and the built classpath).",
                    "Default: --user (~/.local/share/jupyter/kernels/NAME)."})
    static final class Install implements Callable<Integer> {

        @Option(names = "--user", description = "Install for the current user (default).")
        boolean user;

        @Option(names = "--prefix", paramLabel = "DIR", description = "Install under DIR/share/jupyter/kernels.")
        Path prefix;

        @Option(names = "--name", defaultValue = "mheight-java", description = "Kernel name (default: ${DEFAULT-VALUE}).")
        String name;

        @Override
        public Integer call() {
            Path base = prefix != null ? prefix.resolve("share/jupyter/kernels")
                    : Path.of(System.getProperty("user.home"), ".local/share/jupyter/kernels");
            Path dir = base.resolve(name).toAbsolutePath();
            Path spec = dir.resolve("kernel.json");
            AtomicFiles.writeString(spec, Json.write(kernelSpec()));
            System.out.println("installed kernelspec " + name + " at " + dir);
            return 0;
        }
    }

    /** kernel.json: this JVM's java, this JVM's classpath (absolute), the kernel main class. */
    static Map<String, Object> kernelSpec() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toAbsolutePath().toString();
        List<String> cp = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isBlank()) {
                cp.add(Path.of(e).toAbsolutePath().toString());
            }
        }
        List<Object> argv = new ArrayList<>(List.of(java, "-Xmx6g", "-Dai.djl.offline=true", "-cp",
                String.join(File.pathSeparator, cp), KernelMain.class.getName(), "{connection_file}"));
        Map<String, Object> env = new LinkedHashMap<>();
        String cache = System.getenv("DJL_CACHE_DIR");
        if (cache != null) {
            env.put("DJL_CACHE_DIR", Path.of(cache).toAbsolutePath().toString());
        }
        env.put("OMP_NUM_THREADS", String.valueOf(Runtime.getRuntime().availableProcessors()));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("argv", argv);
        spec.put("display_name", "Java (mheight-lab)");
        spec.put("language", "java");
        spec.put("interrupt_mode", "message");
        spec.put("env", env);
        return spec;
    }

}
