"""Operations tests (scale-out, faults): real gunicorn servers, outbox workers and PostgreSQL databases.

They run in the PostgreSQL pass of .ci/run (DATABASE_URL=postgres://…) and are skipped on SQLite. A copy of the demo
data (``manage.py seed_demo``) is made once per run as a template database; each test gets its own copy of it.
"""

import pytest

from tests.ops import stack


def pytest_collection_modifyitems(config, items):
    if stack.database_url():
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL: runs in the PostgreSQL pass of .ci/run (DATABASE_URL=postgres://…)"
    )
    for item in items:
        if "tests/ops/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def demo_template():
    """The name of a database with the migrated schema and the demo data, dropped at the end of the run."""
    url = stack.database_url()
    name = f"{stack.base_name(url)}_ops_demo"
    db_url = stack.create_database(url, name)
    env = stack.app_env(db_url)
    stack.manage("migrate", "--no-input", "-v", "0", env=env)
    stack.manage("seed_demo", env=env)
    yield name
    stack.drop_database(url, name)


@pytest.fixture
def demo_database(demo_template, request):
    """A fresh copy of the demo database for one test: its URL."""
    url = stack.database_url()
    name = f"{stack.base_name(url)}_ops_{request.node.name[:30].lower()}"
    db_url = stack.create_database(url, name, template=demo_template)
    yield db_url
    stack.drop_database(url, name)
