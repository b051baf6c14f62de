package org.mheightlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mheightlab.badinput.BadInput;

/**
 * Items 11, 15 and 1 of issue 8 for {@code mheight kernel install}: the name is one safe folder name, an
 * unwritable prefix is a one-line error, and only our own kernelspec is ever replaced. Always with --prefix,
 * so no test touches the real ~/.local/share/jupyter.
 */
class KernelInstallBadInputTest {

    @TempDir
    Path tmp;

    private Path kernels() {
        return tmp.resolve("prefix/share/jupyter/kernels");
    }

    @ParameterizedTest(name = "--name \"{0}\"")
    @ValueSource(strings = {"../../../../escape", "", ".hidden", "a/b", "..", "sp ace", "x\\y", "a/../../b"})
    void unsafeNamesAreRefused(String name) {
        BadInput.refusedBy(KernelCli::run, new Path[] {tmp}, "install", "--prefix", tmp.resolve("prefix").toString(),
                "--name", name).mentions("--name '" + name + "'", "letters, digits");
    }

    @Test
    void aPrefixUnderAFileIsAClearError() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a folder");
        BadInput.refusedBy(KernelCli::run, new Path[] {tmp}, "install", "--prefix", file.resolve("sub").toString())
                .mentions(file.toString(), "is a file").doesNotMention("UncheckedIOException");
    }

    @Test
    void aPrefixThatIsAFileIsAClearError() throws IOException {
        Path file = Files.writeString(tmp.resolve("prefix-file"), "not a folder");
        BadInput.refusedBy(KernelCli::run, new Path[] {tmp}, "install", "--prefix", file.toString())
                .mentions(file.toString()).doesNotMention("Exception");
    }

    @Test
    void anotherKernelsKernelspecIsNeverReplaced() throws IOException {
        Path dir = Files.createDirectories(kernels().resolve("mheight-java"));
        Files.writeString(dir.resolve("kernel.json"), "{\"argv\": [\"python\", \"-m\", \"ipykernel_launcher\", "
                + "\"-f\", \"{connection_file}\"], \"display_name\": \"Python 3\"}");
        BadInput.refusedBy(KernelCli::run, new Path[] {tmp}, "install", "--prefix", tmp.resolve("prefix").toString())
                .mentions(dir.toString(), "not a mheight-lab kernelspec");
    }

    @Test
    void aFolderOfOtherFilesIsNeverWrittenInto() throws IOException {
        Path dir = Files.createDirectories(kernels().resolve("notes"));
        Files.writeString(dir.resolve("todo.txt"), "mine");
        BadInput.refusedBy(KernelCli::run, new Path[] {tmp}, "install", "--prefix", tmp.resolve("prefix").toString(),
                "--name", "notes").mentions(dir.toString());
    }

    @Test
    void aFileWhereTheKernelspecFolderGoesIsRefused() throws IOException {
        Files.createDirectories(kernels());
        Path file = Files.writeString(kernels().resolve("mheight-java"), "a file");
        BadInput.refusedBy(KernelCli::run, new Path[] {tmp}, "install", "--prefix", tmp.resolve("prefix").toString())
                .mentions(file.toString(), "is a file");
    }

    @Test
    void freshInstallThenReinstallReplacesOurOwnKernelspec() throws IOException {
        Path prefix = tmp.resolve("prefix");
        BadInput.Outcome r = BadInput.run(KernelCli::run, "install", "--prefix", prefix.toString(), "--name", "mh-1.0");
        assertEquals(0, r.exitCode(), r.err());
        Path spec = kernels().resolve("mh-1.0/kernel.json");
        assertTrue(Files.readString(spec).contains(KernelMain.class.getName()));
        Files.writeString(spec, Files.readString(spec).replace("Java (mheight-lab)", "stale"));

        r = BadInput.run(KernelCli::run, "install", "--prefix", prefix.toString(), "--name", "mh-1.0");
        assertEquals(0, r.exitCode(), r.err());
        assertFalse(Files.readString(spec).contains("stale"), "reinstalling did not replace our kernelspec");
        try (var left = Files.list(spec.getParent())) {
            assertEquals(1, left.count(), "temporary files left in the kernelspec folder");
        }
    }

    @Test
    void anEmptyKernelspecFolderIsFine() throws IOException {
        Files.createDirectories(kernels().resolve("mheight-java"));
        BadInput.Outcome r = BadInput.run(KernelCli::run, "install", "--prefix", tmp.resolve("prefix").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.exists(kernels().resolve("mheight-java/kernel.json")));
    }
}
