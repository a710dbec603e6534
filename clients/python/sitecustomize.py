# Put this directory on PYTHONPATH (or copy both files into site-packages) so that every python3
# asks mayexec before running code: site imports sitecustomize before the script, -c or the REPL.
import mayexec_hook  # noqa: F401  (installs the audit hook)
