package org.mheightlab.run;

import com.google.gson.JsonDeserializer;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSerializer;
import java.util.Map;
import java.util.function.Function;
import org.mheightlab.augment.Augmentation;
import org.mheightlab.train.LearningRateSchedule;

/**
 * The settings that a run definition writes as text but holds as typed values: schedules
 * ({@code "exponential:0.97"}) and augmentations ({@code "noise:0.01"}). {@link DefinitionSchema} parses each
 * with its key's path in the message before Gson builds the records with {@link #adapter}.
 */
final class TextForms {

    /** Each typed setting and how its text is read. */
    static final Map<Class<?>, Function<String, ?>> PARSERS = Map.of(
            LearningRateSchedule.class, LearningRateSchedule::parse,
            Augmentation.class, Augmentation::parse);

    private TextForms() {
    }

    /** The parser of {@code type}, or null when it is not a text-form setting. */
    static Function<String, ?> parserOf(Class<?> type) {
        return PARSERS.get(type);
    }

    /** A Gson adapter writing {@code spec} and reading {@code parse}. */
    static <T> Object adapter(Function<T, String> spec, Function<String, T> parse) {
        return new Both<>(spec, parse);
    }

    private record Both<T>(Function<T, String> spec, Function<String, T> parse)
            implements JsonSerializer<T>, JsonDeserializer<T> {
        @Override
        public com.google.gson.JsonElement serialize(T src, java.lang.reflect.Type type,
                                                     com.google.gson.JsonSerializationContext context) {
            return new JsonPrimitive(spec.apply(src));
        }

        @Override
        public T deserialize(com.google.gson.JsonElement json, java.lang.reflect.Type type,
                             com.google.gson.JsonDeserializationContext context) {
            return parse.apply(json.getAsString());
        }
    }
}
