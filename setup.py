# All metadata lives in setup.cfg; this file lets older pip/setuptools install the project.
from setuptools import setup

setup()
