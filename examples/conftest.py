# Makes this folder the tests' root, so `dealsync` imports from here.
