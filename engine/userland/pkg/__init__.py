"""Package managers: ``apk``, ``apt`` (apt-get, apt, dpkg), ``pip`` and ``npm`` (npm, npx,
yarn, and node for its version), installing from the built-in ``catalogue``; ``common``
is what they share.
"""
