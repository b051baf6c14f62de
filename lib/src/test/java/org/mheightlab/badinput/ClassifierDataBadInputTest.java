package org.mheightlab.badinput;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mheightlab.classify.Modality;
import org.mheightlab.classify.MultimodalDataset;
import org.mheightlab.classify.MultimodalNpz;
import org.mheightlab.data.Dataset;

/**
 * Issue 17: a classification dataset the classifier cannot learn from (one class, no samples, no validation
 * part, too few samples to split) and {@code classify make-data} on unlabelled input are refused naming the file,
 * so a user with several .npz files knows which one to fix.
 */
class ClassifierDataBadInputTest {

    @TempDir
    Path dir;

    /** {@code labels.length} samples of one 2x3 modality (values from the index), with the given split column. */
    private Path npz(String name, int[] labels, int[] split) {
        float[] values = new float[labels.length * 6];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i % 7) / 7f;
        }
        MultimodalDataset d = new MultimodalDataset(List.of(new Modality("rows", 2, 3, values)), labels, null, split);
        Path f = dir.resolve(name);
        MultimodalNpz.write(d, f);
        return f;
    }

    private static int[] alternating(int count) {
        int[] l = new int[count];
        for (int i = 0; i < count; i++) {
            l[i] = i % 2;
        }
        return l;
    }

    private void trainRefuses(Path data, String... mentions) {
        BadInput.refused(dir, "classify", "train", "--data", data.toString(), "--epochs", "1", "--aux-weight", "0")
                .mentions(data.toString()).mentions(mentions).doesNotMention("Exception");
    }

    @Test
    void oneClassDatasetNamesTheFile() {
        int[] labels = new int[40];
        trainRefuses(npz("one-class.npz", labels, null), "only class 0");
    }

    @Test
    void emptyDatasetNamesTheFile() {
        trainRefuses(npz("empty.npz", new int[0], null), "no samples");
    }

    @Test
    void splitWithoutValidationNamesTheFile() {
        int[] split = new int[40];
        trainRefuses(npz("no-validation.npz", alternating(40), split), "0 validation");
    }

    @Test
    void datasetTooSmallToSplitNamesTheFile() {
        trainRefuses(npz("tiny.npz", alternating(2), null), "validation");
    }

    @Test
    void pretrainOnAnEmptyDatasetNamesTheFile() {
        Path data = npz("empty.npz", new int[0], null);
        BadInput.refused(dir, "classify", "pretrain", "--data", data.toString(), "--epochs", "1",
                "--checkpoint-dir", dir.resolve("enc").toString()).mentions(data.toString(), "no samples");
    }

    @Test
    void makeDataOnUnlabelledInputNamesTheFile() {
        Dataset d = TinyRun.testSamples(12);
        double[] none = new double[d.size()];
        Arrays.fill(none, Double.NaN);
        Path csv = TinyRun.csv(unlabelled(d), dir.resolve("codes.csv"));
        BadInput.refused(dir, "classify", "make-data", "--from", csv.toString(), "--out",
                dir.resolve("c.npz").toString()).mentions(csv.toString(), "no heights");
    }

    /** A pretrained encoder whose encoder.params holds other bytes: one line naming it, not an internal error. */
    @Test
    void pretrainedEncoderThatIsAPngIsNamed() throws Exception {
        Path data = org.mheightlab.TestData.projectDir().resolve("data/classify.npz");
        Path enc = dir.resolve("enc");
        BadInput.accepted("classify", "pretrain", "--data", data.toString(), "--epochs", "1", "--train-steps", "1",
                "--batch", "4", "--checkpoint-dir", enc.toString());
        Path params = enc.resolve("encoder.params");
        java.nio.file.Files.write(params, NpzBadInputTest.pngBytes());
        BadInput.Outcome r = BadInput.refused(dir, "classify", "train", "--data", data.toString(), "--epochs", "1",
                "--train-steps", "1", "--batch", "4", "--pretrained-ckpt", enc.toString())
                .mentions(params.toString(), "not encoder parameters", "a PNG image").doesNotMention("internal error");
        RunFolderBadInputTest.assertOneLine(r);
        // Bytes of no known format that the engine cannot read either: named too, as corrupt.
        java.nio.file.Files.write(params, new byte[] {1, 0, 0, 0, 9, 9, 9});
        BadInput.refused(dir, "classify", "train", "--data", data.toString(), "--epochs", "1", "--train-steps", "1",
                "--batch", "4", "--pretrained-ckpt", enc.toString())
                .mentions(params.toString(), "corrupt").doesNotMention("internal error");
    }

    private static Dataset unlabelled(Dataset d) {
        Dataset.Builder b = Dataset.builder(null);
        for (int i = 0; i < d.size(); i++) {
            b.add(null, d.n(i), d.k(i), d.m(i), d.p(i), Double.NaN);
        }
        return b.buildUnlabelled();
    }
}
