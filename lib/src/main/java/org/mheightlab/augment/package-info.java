/**
 * Training-set augmentation with lineage (noise, interpolations, exact symmetries, noise-then-relabel) and the
 * leakage guard that keeps augmented copies of validation samples out of training.
 */
package org.mheightlab.augment;
