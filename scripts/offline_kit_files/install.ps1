# Install aims-tui from this kit, with no network: check the kit, create a virtual environment,
# install only from .\wheels.   Usage: .\install.ps1 [-Venv DIR] [-Python py]
param(
    [string]$Venv = "$env:LOCALAPPDATA\aims-tui\venv",
    [string]$Python = "py"
)
$ErrorActionPreference = "Stop"
$here = Split-Path -Parent $MyInvocation.MyCommand.Path
& $Python "$here\verify_kit.py"
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
& $Python -m venv $Venv
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
# No index, no configuration files of this machine: only the kit's wheels are used.
$env:PIP_CONFIG_FILE = "nul"
& "$Venv\Scripts\python.exe" -m pip install --quiet --no-index --disable-pip-version-check --find-links "$here\wheels" "aims-tui[encrypt]"
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
& "$Venv\Scripts\aims.exe" --version
Write-Output "installed: $Venv\Scripts\aims.exe"
