package org.mheightlab.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.mheightlab.cli.CliErrors;
import org.mheightlab.files.AtomicFiles;
import org.mheightlab.files.OutputGuard;
import org.mheightlab.provenance.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code mheight kernel install}: writes the Jupyter kernelspec of the project's Java kernel. */
@Command(name = "kernel", mixinStandardHelpOptions = true,
        subcommands = {KernelCli.Install.class, KernelCli.EmbedPlotly.class},
        description = "The mheight-lab Jupyter kernel (Java 17, JShell, the mheight magics).")
public final class KernelCli implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the installer and returns the exit code (for tests); errors end as for mheight, see CliErrors. */
    public static int run(String... args) {
        return CliErrors.execute(new CommandLine(new KernelCli()), "mheight ", args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /**
     * A kernelspec folder of this kernel: its kernel.json runs {@link KernelMain}. Reinstalling (after a rebuild,
     * a new classpath) is the common case, so such a folder is replaced without asking; any other folder of that
     * name — another kernel's, or files of the user's — is never written into.
     */
    static final OutputGuard.FolderKind OUR_KERNELSPEC = new OutputGuard.FolderKind("mheight-lab kernelspec",
            "kernel.json running " + KernelMain.class.getName(), KernelCli::isOurKernelspec);

    /** Jupyter's own rule for kernel names, plus no leading dot: one visible folder name, no separators. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = {"Install the kernelspec (kernel.json with an absolute java path and the built classpath).",
                    "Default: --user (~/.local/share/jupyter/kernels/NAME).",
                    "An existing kernelspec of this kernel at that place is replaced (reinstalling is safe); any other",
                    "folder of that name is left alone and the install refused."})
    static final class Install implements Callable<Integer> {

        @Option(names = "--user", description = "Install for the current user (default).")
        boolean user;

        @Option(names = "--prefix", paramLabel = "DIR", description = "Install under DIR/share/jupyter/kernels.")
        Path prefix;

        @Option(names = "--name", defaultValue = "mheight-java",
                description = "Kernel name: letters, digits, '.', '_' and '-', not starting with '.' "
                        + "(default: ${DEFAULT-VALUE}).")
        String name;

        @Override
        public Integer call() {
            if (!SAFE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("--name '" + name + "' is not a kernel name: use 1 to 128 letters, "
                        + "digits, '.', '_' or '-', not starting with '.' (it becomes one folder under the kernels "
                        + "folder)");
            }
            Path base = prefix != null ? prefix.resolve("share/jupyter/kernels")
                    : Path.of(System.getProperty("user.home"), ".local/share/jupyter/kernels");
            Path dir = base.resolve(name).toAbsolutePath();
            requireWritable(prefix != null ? "--prefix " + prefix : "the user's kernels folder", dir);
            OutputGuard.folder("--name", dir, OUR_KERNELSPEC, true, List.of());
            Path spec = dir.resolve("kernel.json");
            AtomicFiles.writeString(spec, Json.write(kernelSpec()));
            System.out.println("installed kernelspec " + name + " at " + dir);
            return 0;
        }
    }

    /**
     * {@code mheight kernel embed-plotly REPORT.html…}: writes Plotly.js once into the head of notebook pages
     * exported by nbconvert, whose figure outputs carry none (see {@link Renderers}), so the reports draw their
     * charts offline. Each page is rewritten in place through a temporary file; a page that has Plotly.js already
     * is left as it is.
     */
    @Command(name = "embed-plotly", mixinStandardHelpOptions = true,
            description = {"Write Plotly.js once into exported notebook pages (nbconvert --to html), so their charts",
                    "draw offline. Pages that carry it already are left unchanged."})
    static final class EmbedPlotly implements Callable<Integer> {

        @CommandLine.Parameters(arity = "1..*", paramLabel = "REPORT.html", description = "Exported notebook pages.")
        List<Path> pages;

        @Override
        public Integer call() throws IOException {
            for (Path page : pages) {
                if (!Files.isRegularFile(page)) {
                    throw new IllegalArgumentException(page + ": no such file");
                }
                String html = Files.readString(page);
                String embedded;
                try {
                    embedded = Renderers.embedPlotly(html);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(page + ": " + e.getMessage(), e);
                }
                if (embedded.equals(html)) {
                    System.out.println(page + ": Plotly.js already embedded");
                } else {
                    AtomicFiles.writeString(page, embedded);
                    System.out.println(page + ": Plotly.js embedded");
                }
            }
            return 0;
        }
    }

    /**
     * Refuses a place that cannot be created or written, naming it, before anything is written: the nearest
     * existing ancestor of {@code dir} must be a writable folder.
     */
    static void requireWritable(String what, Path dir) {
        Path p = dir;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalArgumentException(what + ": cannot create " + dir);
        }
        if (!Files.isDirectory(p)) {
            throw new IllegalArgumentException(what + ": cannot install into " + dir + ": " + p + " is a file, not a "
                    + "folder");
        }
        if (!Files.isWritable(p)) {
            throw new IllegalArgumentException(what + ": cannot install into " + dir + ": " + p + " is not writable");
        }
    }

    /** kernel.json parses and its argv names KernelMain: written by this installer. */
    static boolean isOurKernelspec(Path dir) {
        Path spec = dir.resolve("kernel.json");
        if (!Files.isRegularFile(spec)) {
            return false;
        }
        try {
            var json = JsonParser.parseString(Files.readString(spec));
            if (!json.isJsonObject() || !(json.getAsJsonObject().get("argv") instanceof JsonArray argv)) {
                return false;
            }
            for (var e : argv) {
                if (e.isJsonPrimitive() && e.getAsString().equals(KernelMain.class.getName())) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false; // unreadable or not JSON: not something we wrote
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
