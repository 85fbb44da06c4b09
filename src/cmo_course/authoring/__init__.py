"""What course authors run: the checkout (``checkout``), release and validate with nbgrader
(``release``), clean notebooks (``notebooks``), and the seeded dataset generators (``datagen``).
Nothing here runs in a learner's kernel."""
