"""The wheel carries mayexec_hook.pth at the root of site-packages: `site` runs its import line at
every start, before the main script, so installing the package is installing the hook."""
import os

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithPth(build_py):
    def run(self):
        super().run()
        self.copy_file("mayexec_hook.pth", os.path.join(self.build_lib, "mayexec_hook.pth"))


setup(cmdclass={"build_py": BuildWithPth})
