package org.mheightlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.mheightlab.TestData;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.Group;
import org.mheightlab.data.io.DatasetFiles;
import org.mheightlab.provenance.FileDigest;

/** The bundled datasets are what their provenance says, and its command remakes them byte for byte. */
class BundledDataTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"train", "test"})
    void provenanceCommandRegeneratesTheBundledFilesByteForByte(String name) throws Exception {
        Path data = TestData.projectDir().resolve("data");
        String provenance = Files.readString(data.resolve(name + "_n_k_m_P.pkl.provenance.json"));
        Matcher cmd = Pattern.compile("\"command\": \"mheight (generate [^\"]+)\"").matcher(provenance);
        assertTrue(cmd.find(), provenance);
        List<String> args = new ArrayList<>(List.of(cmd.group(1).split(" ")));
        int out = args.indexOf("--out");
        assertEquals("data/" + name, args.get(out + 1));
        args.set(out + 1, tmp.resolve(name).toString());
        args.add("--threads");
        args.add("2");
        assertEquals(0, MHeightCli.run(args.toArray(String[]::new)));

        for (String file : List.of(name + "_n_k_m_P.pkl", name + "_mHeights.pkl")) {
            assertArrayEquals(Files.readAllBytes(data.resolve(file)), Files.readAllBytes(tmp.resolve(file)), file
                    + " is not what its provenance command makes now; if the engine's arithmetic changed on purpose "
                    + "(labels move in the last bits), run data/regenerate.sh and commit the result");
            assertTrue(provenance.contains("\"sha256\": \"" + FileDigest.sha256(data.resolve(file)) + "\""), file);
        }
        Dataset d = DatasetFiles.read(data.resolve(name));
        int perGroup = name.equals("train") ? 3000 : 500;
        for (Group g : Group.TASK_GROUPS) {
            assertEquals(perGroup, d.indices(g).length);
        }
    }
}
