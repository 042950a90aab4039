"""Run every benchmark of the package: ``python -m bench`` (``make bench``)."""

from bench import exports

if __name__ == "__main__":
    exports.run()
