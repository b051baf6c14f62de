package org.mheightlab;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Which aspect of a run a run-definition field belongs to, declared on the field itself (a record component),
 * so that the settings table ({@code run.RunSettings}) files a field added later under the right heading with no
 * edit to the report code. A component without it inherits its enclosing section's aspect.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Setting {

    Aspect value();

    /** The headings of the settings table, in its order. */
    enum Aspect {
        RUN("run"), ARCHITECTURE("architecture"), LOSS("loss"), SCHEDULE("schedule"), STOPPING("stopping"),
        AUGMENTATION("augmentation"), DATA("data"), DATA_SIZES("data sizes"), OUTCOME("outcome"), OTHER("other");

        private final String label;

        Aspect(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
