"""Grading on a machine with a GPU, whichever Keras backend it has.

By default each process that starts TensorFlow or JAX on a GPU claims most of its memory, and a
grading starts several (the student's worker, the reference run, the grader's own evaluation):
the later ones then fail with ``CUDA_ERROR_OUT_OF_MEMORY``. :data:`SHARED_GPU` makes every one of
them take only what it uses (PyTorch does so already). :func:`describe` says which backend and
device did the work, for the report.

Example:
>>> env = shared_gpu_env({})
>>> env["TF_FORCE_GPU_ALLOW_GROWTH"], env["XLA_PYTHON_CLIENT_PREALLOCATE"]
('true', 'false')
"""

import os

SHARED_GPU = {
    "TF_FORCE_GPU_ALLOW_GROWTH": "true",      # TensorFlow: grow GPU memory as needed
    "XLA_PYTHON_CLIENT_PREALLOCATE": "false",  # JAX: no 75% claim at start
}


def shared_gpu_env(env):
    """``env`` with the settings that let several processes share one GPU."""
    return {**env, **SHARED_GPU}


def share_gpu_here():
    """Apply :data:`SHARED_GPU` to this process (before it imports a backend) and its children."""
    os.environ.update(SHARED_GPU)


def describe():
    """``"keras 3.15.1, tensorflow backend, CPU"`` (or ``GPU: <name>``): what is grading here.
    Imports Keras (call it where Keras is loaded anyway)."""
    import keras

    backend = keras.backend.backend()
    return f"keras {keras.__version__}, {backend} backend, {_device(backend)}"


def _device(backend):
    try:
        if backend == "tensorflow":
            import tensorflow as tf
            gpus = tf.config.list_physical_devices("GPU")
            return "GPU: " + (tf.config.experimental.get_device_details(gpus[0]).get(
                "device_name", gpus[0].name)) if gpus else "CPU"
        if backend == "jax":
            import jax
            device = jax.devices()[0]
            return f"GPU: {device.device_kind}" if device.platform == "gpu" else device.platform.upper()
        if backend == "torch":
            import torch
            return f"GPU: {torch.cuda.get_device_name(0)}" if torch.cuda.is_available() else "CPU"
    except Exception:  # a broken driver: say what is known
        pass
    return "device unknown"
