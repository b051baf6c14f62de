package org.mheightlab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.mheightlab.data.Group;
import org.mheightlab.data.split.Split;
import org.mheightlab.model.ModelInputs;

/**
 * The order in which an epoch visits the training examples (the part DJL leaves to a {@code Sampler}).
 *
 * <ul>
 *   <li>Examples of one group each (rows of P): every example whose curriculum and group weight are positive this
 *   epoch, shuffled; with balanced sampling, each active group drawn (with replacement) up to the size of the
 *   largest.</li>
 *   <li>Examples spanning several groups (codes with all their m): all of them, the previous epoch's order shuffled
 *   again (uniform all the same; kept so that earlier token runs reproduce bit for bit). A curriculum or balanced
 *   sampling cannot admit part of a code and is refused.</li>
 * </ul>
 */
abstract class EpochOrder {

    abstract int[] next(int epoch, SplittableRandom random);

    static EpochOrder of(ModelInputs inputs, TrainingConfig config) {
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.exampleGroup(i) == null) {
                if (!config.curriculum().phases().isEmpty() || config.balancedSampling()) {
                    throw new IllegalArgumentException("training.curriculum / training.balancedSampling: they admit or "
                            + "draw examples by group, and this model's examples are codes with every m at once; "
                            + "use training.groupWeights instead");
                }
                return new Reshuffled(inputs.size());
            }
        }
        return new ByGroup(inputs, config);
    }

    private static final class Reshuffled extends EpochOrder {
        private final int[] order;

        Reshuffled(int size) {
            order = new int[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
        }

        @Override
        int[] next(int epoch, SplittableRandom random) {
            Split.shuffle(order, random);
            return order;
        }
    }

    private static final class ByGroup extends EpochOrder {
        private final ModelInputs inputs;
        private final TrainingConfig config;

        ByGroup(ModelInputs inputs, TrainingConfig config) {
            this.inputs = inputs;
            this.config = config;
        }

        @Override
        int[] next(int epoch, SplittableRandom random) {
            List<Integer> active = new ArrayList<>();
            Map<Group, List<Integer>> byGroup = new TreeMap<>();
            for (int i = 0; i < inputs.size(); i++) {
                Group g = inputs.exampleGroup(i);
                if (config.curriculum().weight(g, epoch) > 0 && config.groupWeights().weight(g) > 0) {
                    active.add(i);
                    byGroup.computeIfAbsent(g, x -> new ArrayList<>()).add(i);
                }
            }
            int[] order;
            if (config.balancedSampling() && !byGroup.isEmpty()) {
                int per = byGroup.values().stream().mapToInt(List::size).max().orElse(0);
                order = new int[per * byGroup.size()];
                int at = 0;
                for (List<Integer> members : byGroup.values()) {
                    for (int j = 0; j < per; j++) {
                        order[at++] = j < members.size() ? members.get(j) : members.get(random.nextInt(members.size()));
                    }
                }
            } else {
                order = active.stream().mapToInt(Integer::intValue).toArray();
            }
            Split.shuffle(order, random);
            return order;
        }
    }
}
