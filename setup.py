"""The C part of Teekond: the streaming XES scanner (everything else is in pyproject.toml)."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "teekond.analytics._xesscan",
            ["src/teekond/analytics/_xesscan.c"],
            extra_compile_args=["-O3", "-std=c11", "-Wall", "-Wextra", "-Wno-unused-parameter"],
        )
    ]
)
