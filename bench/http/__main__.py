"""`python -m bench.http`: see the package's docstring."""

from bench.http.run import main

if __name__ == "__main__":
    main()
