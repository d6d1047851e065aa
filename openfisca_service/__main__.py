"""`python -m openfisca_service`: build the tax-benefit system, then serve on 127.0.0.1:$OPENFISCA_PORT."""

from __future__ import annotations

import os
import sys

from openfisca_service.compute import Engine
from openfisca_service.server import Service


def main() -> None:
    port = int(os.environ.get("OPENFISCA_PORT") or 5001)
    engine = Engine()
    service = Service(("127.0.0.1", port), engine)
    sys.stderr.write(f"Service OpenFisca-France {engine.version} prêt sur http://127.0.0.1:{port}\n")
    sys.stderr.flush()
    try:
        service.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        service.server_close()


if __name__ == "__main__":
    main()
