"""Classes Rasa loads by module path from endpoints.yml to use our database."""
