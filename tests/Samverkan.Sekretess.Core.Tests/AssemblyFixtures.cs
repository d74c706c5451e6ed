[assembly: AssemblyFixture(typeof(Samverkan.Sekretess.Testing.PostgresFixture))]
