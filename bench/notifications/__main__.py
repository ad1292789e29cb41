"""`python -m bench.notifications`: see the package's docstring."""

from bench.notifications.run import main

if __name__ == "__main__":
    main()
