"""Makes the small pickle fixtures of the reader tests with real numpy.

Run once with numpy 2 (python3) and once with numpy 1 (Debian's /usr/bin/python3):
    python3 make_fixtures.py && /usr/bin/python3 make_fixtures.py
Each run writes fixture-np<major>-p<protocol>_{n_k_m_P,mHeights}.pkl for protocols 2 to 5 (numpy 1.24 on
Python 3.11 supports protocol 5 as well). The data are tiny, hand-picked codes, not course data.
"""
import pickle
import numpy as np

major = int(np.__version__.split(".")[0])
inputs = [
    [9, 4, 2, np.array([[1, 2, 3, 4, 5], [-1, 0, 2, 7, 1], [3, 3, -2, 1, 0], [4, -5, 6, 1, 2]], dtype=np.int64)],
    [9, 5, 3, np.array([[0.5, -1.25, 2.0, 3.0], [1.0, 1.0, -1.0, 0.0], [2.0, 0.0, 1.0, -3.5],
                         [-2.0, 4.0, 0.25, 1.0], [1.5, -0.5, 3.0, 2.0]], dtype=np.float64)],
    [9, 6, 2, np.asfortranarray(np.arange(18, dtype=np.int64).reshape(6, 3) - 9)],
]
# Heights as Python floats, except the last one as a numpy float64 scalar (both occur in practice).
# Only the first is the true h_2 of its code; the others are arbitrary values for the format tests.
heights = [13.982456140350877, 7.5, np.float64(3.25)]
for protocol in (2, 3, 4, 5):
    stem = f"fixture-np{major}-p{protocol}"
    with open(f"{stem}_n_k_m_P.pkl", "wb") as f:
        pickle.dump(inputs, f, protocol=protocol)
    with open(f"{stem}_mHeights.pkl", "wb") as f:
        pickle.dump(heights, f, protocol=protocol)
print("numpy", np.__version__, "done")
