package org.mheightlab.badinput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Items 9, 12 and 17 of issue 8: every numeric option is range-checked before any work, with a message naming
 * the option; {@code --group} values say what form is expected; a generation that cannot fit in memory is
 * refused up front. One case per command line.
 */
class CliOptionsBadInputTest {

    @TempDir
    Path tmp;

    Path data;

    @BeforeEach
    void dataset() throws IOException {
        data = Files.createDirectories(tmp.resolve("d"));
        BadInput.accepted("generate", "--out", data.resolve("x").toString(), "--group", "4,2=5", "--seed", "2",
                "--threads", "1");
        BadInput.accepted("convert", data.resolve("x").toString(), data.resolve("x.npz").toString());
    }

    /** {option named in the message, the arguments after the command, with DATA/NPZ/OUT placeholders}. */
    static Stream<Arguments> badNumbers() {
        return Stream.of(
                // verify: item 9's own examples and the thread count
                Arguments.of("--tolerance", "verify DATA --tolerance NaN"),
                Arguments.of("--tolerance", "verify DATA --tolerance -1"),
                Arguments.of("--tolerance", "verify DATA --tolerance Infinity"),
                Arguments.of("--threads", "verify DATA --threads -3"),
                // generate
                Arguments.of("--count", "generate --out OUT --count -5"),
                Arguments.of("--threads", "generate --out OUT --count 2 --threads -1"),
                Arguments.of("--protocol", "generate --out OUT --count 2 --protocol 7"),
                Arguments.of("--numpy", "generate --out OUT --count 2 --numpy 3"),
                Arguments.of("--n", "generate --out OUT --count 2 --n 1"),
                Arguments.of("--n", "generate --out OUT --count 2 --n 99"),
                Arguments.of("--count", "generate --out OUT --count 1000000000"),
                Arguments.of("--count", "generate --out OUT.npz --group 4,2=2000000000"),
                // convert and predict
                Arguments.of("--protocol", "convert DATA OUT --protocol 1"),
                Arguments.of("--numpy", "convert DATA OUT --numpy 0"),
                Arguments.of("--protocol", "predict MODEL DATA --out OUT.pkl --protocol 9"),
                // train
                Arguments.of("--epochs", "train --run run7 --epochs 0 --out OUT"),
                Arguments.of("--limit-per-group", "train --run run7 --limit-per-group -1 --out OUT"),
                // classify train
                Arguments.of("--epochs", "classify train --data NPZ --epochs 0"),
                Arguments.of("--batch", "classify train --data NPZ --batch 0"),
                Arguments.of("--train-steps", "classify train --data NPZ --train-steps -2"),
                Arguments.of("--lr", "classify train --data NPZ --lr NaN"),
                Arguments.of("--lr", "classify train --data NPZ --lr -0.001"),
                Arguments.of("--weight-decay", "classify train --data NPZ --weight-decay -1"),
                Arguments.of("--focal-gamma", "classify train --data NPZ --focal-gamma NaN"),
                Arguments.of("--val-fraction", "classify train --data NPZ --val-fraction 1.5"),
                Arguments.of("--modality-dropout", "classify train --data NPZ --modality-dropout 1"),
                Arguments.of("--d-model", "classify train --data NPZ --d-model 0"),
                Arguments.of("--aux-weight", "classify train --data NPZ --aux-weight -0.5"),
                // classify pretrain and make-data
                Arguments.of("--mask-fraction", "classify pretrain --data NPZ --checkpoint-dir OUT --mask-fraction 0"),
                // 1 passed the command's own check and failed later in the pretrainer, with another message
                Arguments.of("--mask-fraction", "classify pretrain --data NPZ --checkpoint-dir OUT --mask-fraction 1"),
                Arguments.of("--batch", "classify pretrain --data NPZ --checkpoint-dir OUT --batch -4"),
                Arguments.of("--epochs", "classify pretrain --data NPZ --checkpoint-dir OUT --epochs 0"),
                Arguments.of("--train-steps", "classify pretrain --data NPZ --checkpoint-dir OUT --train-steps 0"),
                Arguments.of("--lr", "classify pretrain --data NPZ --checkpoint-dir OUT --lr NaN"),
                Arguments.of("--per-group", "classify make-data --from DATA --out OUT.npz --per-group 0"),
                Arguments.of("--positive-fraction",
                        "classify make-data --from DATA --out OUT.npz --positive-fraction 1"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badNumbers")
    void numericOptionOutOfRangeIsRefusedNamingIt(String option, String line) {
        BadInput.Outcome r = BadInput.refused(new Path[] {tmp}, args(line));
        r.mentions(option);
        assertTrue(r.err().contains(" must be ") || r.err().contains("fit"), r.err());
        assertTrue(r.err().startsWith("mheight "), r.err());
    }

    /** {@code --group} values that are not K,M or K,M=COUNT. */
    static Stream<Arguments> badGroups() {
        return Stream.of(Arguments.of("4,2=five"), Arguments.of("4,2=-3"), Arguments.of("four,two"),
                Arguments.of("4,2=1=2"), Arguments.of("4"));
    }

    @ParameterizedTest(name = "--group {0}")
    @MethodSource("badGroups")
    void groupValuesSayWhatIsExpected(String group) {
        BadInput.refused(new Path[] {tmp}, "generate", "--out", tmp.resolve("g").toString(), "--group", group)
                .mentions("--group '" + group + "'", "K,M=COUNT").doesNotMention("For input string");
    }

    @Test
    void theMemoryRefusalSaysHowManySamplesFit() {
        BadInput.Outcome r = BadInput.refused(new Path[] {tmp}, "generate", "--out", tmp.resolve("g").toString(),
                "--count", "1000000000");
        r.mentions("9000000000 samples", "at most about", "per group");
    }

    @Test
    void aSmallGenerationStillFits() {
        BadInput.accepted("generate", "--out", tmp.resolve("small").toString(), "--count", "3", "--threads", "1");
    }

    private String[] args(String line) {
        List<String> out = new ArrayList<>();
        for (String a : line.split(" ")) {
            out.add(switch (a) {
                case "DATA" -> data.resolve("x_n_k_m_P.pkl").toString();
                case "NPZ" -> data.resolve("x.npz").toString();
                case "MODEL" -> tmp.resolve("no-model").toString();
                case "OUT" -> tmp.resolve("out").toString();
                case "OUT.npz" -> tmp.resolve("out.npz").toString();
                case "OUT.pkl" -> tmp.resolve("out.pkl").toString();
                default -> a;
            });
        }
        return out.toArray(String[]::new);
    }

    @Test
    void placeholdersAreAllReplaced() {
        // Guards the table above: a typo in a placeholder would silently test something else.
        badNumbers().forEach(a -> {
            String[] resolved = args((String) a.get()[1]);
            for (String s : resolved) {
                assertFalse(s.matches("[A-Z]+(\\.[a-z]+)?") && !s.equals("NaN"), "unreplaced placeholder " + s);
            }
        });
        assertEquals(36, badNumbers().count());
    }
}
