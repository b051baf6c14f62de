/**
 * The classification pipeline of the "training improvements" summary: multimodal {@code .npz} datasets, a
 * transformer encoder over per-modality tokens with a classification and an auxiliary head, focal or
 * class-weighted loss, a weighted sampler, per-epoch accuracy/precision/recall/F1, best-only checkpoints and
 * self-supervised pretraining of the encoder. It reuses the {@code train} package's schedules, clipping and
 * parameter snapshots.
 */
package org.mheightlab.classify;
