/*
 * schema.c - ECMA-335 II.22 table columns, II.24.2.6 coded indexes, and the
 * Portable PDB v1.0 debug tables ("Portable PDB v1.0: Format Specification",
 * dotnet/runtime docs/design/specs/PortablePdb-Metadata.md).
 *
 * Column order and kinds follow the II.22.x section named beside each
 * table.  Nullable marks the columns whose row reference II.22 allows to
 * be null; every other table or coded index must name an existing row.
 */
#include "clb/schema.h"

#include <stddef.h>

#define U16(n) { n, CLB_COL_U16, 0, 0 }
#define U32(n) { n, CLB_COL_U32, 0, 0 }
#define U8P(n) { n, CLB_COL_U8PAD, 0, 0 }
#define STR(n) { n, CLB_COL_STRING, 0, 0 }
#define GUID(n) { n, CLB_COL_GUID, 0, 0 }
#define BLOB(n) { n, CLB_COL_BLOB, 0, 0 }
#define RID(n, t) { n, CLB_COL_RID, t, 0 }
#define RIDN(n, t) { n, CLB_COL_RID, t, CLB_COL_NULLABLE }
#define LIST(n, t) { n, CLB_COL_LIST, t, 0 }
#define CODED(n, k) { n, CLB_COL_CODED, k, 0 }
#define CODEDN(n, k) { n, CLB_COL_CODED, k, CLB_COL_NULLABLE }
#define KEY(c) { c, false }
#define KEYD(c) { c, true }

static const clb_table_schema tables[CLB_TABLE_SLOTS] = {
	/* II.22.30 */
	[CLB_T_MODULE] = { "Module", 5, { U16("Generation"), STR("Name"), GUID("Mvid"),
	    GUID("EncId"), GUID("EncBaseId") }, 0, { KEY(0) } },
	/* II.22.38: a null ResolutionScope means "look in ExportedType" */
	[CLB_T_TYPEREF] = { "TypeRef", 3, { CODEDN("ResolutionScope", CLB_CI_RESOLUTIONSCOPE),
	    STR("TypeName"), STR("TypeNamespace") }, 0, { KEY(0) } },
	/* II.22.37: Extends is null for interfaces and System.Object */
	[CLB_T_TYPEDEF] = { "TypeDef", 6, { U32("Flags"), STR("TypeName"), STR("TypeNamespace"),
	    CODEDN("Extends", CLB_CI_TYPEDEFORREF), LIST("FieldList", CLB_T_FIELD),
	    LIST("MethodList", CLB_T_METHODDEF) }, 0, { KEY(0) } },
	[CLB_T_FIELDPTR] = { "FieldPtr", 1, { RID("Field", CLB_T_FIELD) }, 0, { KEY(0) } },
	/* II.22.15 */
	[CLB_T_FIELD] = { "Field", 3, { U16("Flags"), STR("Name"), BLOB("Signature") }, 0, { KEY(0) } },
	[CLB_T_METHODPTR] = { "MethodPtr", 1, { RID("Method", CLB_T_METHODDEF) }, 0, { KEY(0) } },
	/* II.22.26 */
	[CLB_T_METHODDEF] = { "MethodDef", 6, { U32("RVA"), U16("ImplFlags"), U16("Flags"),
	    STR("Name"), BLOB("Signature"), LIST("ParamList", CLB_T_PARAM) }, 0, { KEY(0) } },
	[CLB_T_PARAMPTR] = { "ParamPtr", 1, { RID("Param", CLB_T_PARAM) }, 0, { KEY(0) } },
	/* II.22.33 */
	[CLB_T_PARAM] = { "Param", 3, { U16("Flags"), U16("Sequence"), STR("Name") }, 0, { KEY(0) } },
	/* II.22.23: sorted by Class (the secondary key is an ECMA erratum) */
	[CLB_T_INTERFACEIMPL] = { "InterfaceImpl", 2, { RID("Class", CLB_T_TYPEDEF),
	    CODED("Interface", CLB_CI_TYPEDEFORREF) }, 1, { KEY(0) } },
	/* II.22.25 */
	[CLB_T_MEMBERREF] = { "MemberRef", 3, { CODED("Class", CLB_CI_MEMBERREFPARENT),
	    STR("Name"), BLOB("Signature") }, 0, { KEY(0) } },
	/* II.22.9: Type is one byte plus one padding byte */
	[CLB_T_CONSTANT] = { "Constant", 3, { U8P("Type"), CODED("Parent", CLB_CI_HASCONSTANT),
	    BLOB("Value") }, 1, { KEY(1) } },
	/* II.22.10 */
	[CLB_T_CUSTOMATTRIBUTE] = { "CustomAttribute", 3, { CODED("Parent", CLB_CI_HASCUSTOMATTRIBUTE),
	    CODED("Type", CLB_CI_CUSTOMATTRIBUTETYPE), BLOB("Value") }, 1, { KEY(0) } },
	/* II.22.17 */
	[CLB_T_FIELDMARSHAL] = { "FieldMarshal", 2, { CODED("Parent", CLB_CI_HASFIELDMARSHAL),
	    BLOB("NativeType") }, 1, { KEY(0) } },
	/* II.22.11 */
	[CLB_T_DECLSECURITY] = { "DeclSecurity", 3, { U16("Action"),
	    CODED("Parent", CLB_CI_HASDECLSECURITY), BLOB("PermissionSet") }, 1, { KEY(1) } },
	/* II.22.8 */
	[CLB_T_CLASSLAYOUT] = { "ClassLayout", 3, { U16("PackingSize"), U32("ClassSize"),
	    RID("Parent", CLB_T_TYPEDEF) }, 1, { KEY(2) } },
	/* II.22.16 */
	[CLB_T_FIELDLAYOUT] = { "FieldLayout", 2, { U32("Offset"), RID("Field", CLB_T_FIELD) },
	    1, { KEY(1) } },
	/* II.22.36 */
	[CLB_T_STANDALONESIG] = { "StandAloneSig", 1, { BLOB("Signature") }, 0, { KEY(0) } },
	/* II.22.12 */
	[CLB_T_EVENTMAP] = { "EventMap", 2, { RID("Parent", CLB_T_TYPEDEF),
	    LIST("EventList", CLB_T_EVENT) }, 0, { KEY(0) } },
	[CLB_T_EVENTPTR] = { "EventPtr", 1, { RID("Event", CLB_T_EVENT) }, 0, { KEY(0) } },
	/* II.22.13: EventType may be null */
	[CLB_T_EVENT] = { "Event", 3, { U16("EventFlags"), STR("Name"),
	    CODEDN("EventType", CLB_CI_TYPEDEFORREF) }, 0, { KEY(0) } },
	/* II.22.35 */
	[CLB_T_PROPERTYMAP] = { "PropertyMap", 2, { RID("Parent", CLB_T_TYPEDEF),
	    LIST("PropertyList", CLB_T_PROPERTY) }, 0, { KEY(0) } },
	[CLB_T_PROPERTYPTR] = { "PropertyPtr", 1, { RID("Property", CLB_T_PROPERTY) }, 0, { KEY(0) } },
	/* II.22.34 */
	[CLB_T_PROPERTY] = { "Property", 3, { U16("Flags"), STR("Name"), BLOB("Type") }, 0, { KEY(0) } },
	/* II.22.28 */
	[CLB_T_METHODSEMANTICS] = { "MethodSemantics", 3, { U16("Semantics"),
	    RID("Method", CLB_T_METHODDEF), CODED("Association", CLB_CI_HASSEMANTICS) },
	    1, { KEY(2) } },
	/* II.22.27 */
	[CLB_T_METHODIMPL] = { "MethodImpl", 3, { RID("Class", CLB_T_TYPEDEF),
	    CODED("MethodBody", CLB_CI_METHODDEFORREF),
	    CODED("MethodDeclaration", CLB_CI_METHODDEFORREF) }, 1, { KEY(0) } },
	/* II.22.31 */
	[CLB_T_MODULEREF] = { "ModuleRef", 1, { STR("Name") }, 0, { KEY(0) } },
	/* II.22.39 */
	[CLB_T_TYPESPEC] = { "TypeSpec", 1, { BLOB("Signature") }, 0, { KEY(0) } },
	/* II.22.22 */
	[CLB_T_IMPLMAP] = { "ImplMap", 4, { U16("MappingFlags"),
	    CODED("MemberForwarded", CLB_CI_MEMBERFORWARDED), STR("ImportName"),
	    RID("ImportScope", CLB_T_MODULEREF) }, 1, { KEY(1) } },
	/* II.22.18 */
	[CLB_T_FIELDRVA] = { "FieldRVA", 2, { U32("RVA"), RID("Field", CLB_T_FIELD) }, 1, { KEY(1) } },
	[CLB_T_ENCLOG] = { "ENCLog", 2, { U32("Token"), U32("FuncCode") }, 0, { KEY(0) } },
	[CLB_T_ENCMAP] = { "ENCMap", 1, { U32("Token") }, 0, { KEY(0) } },
	/* II.22.2 */
	[CLB_T_ASSEMBLY] = { "Assembly", 9, { U32("HashAlgId"), U16("MajorVersion"),
	    U16("MinorVersion"), U16("BuildNumber"), U16("RevisionNumber"), U32("Flags"),
	    BLOB("PublicKey"), STR("Name"), STR("Culture") }, 0, { KEY(0) } },
	/* II.22.4, II.22.3 */
	[CLB_T_ASSEMBLYPROCESSOR] = { "AssemblyProcessor", 1, { U32("Processor") }, 0, { KEY(0) } },
	[CLB_T_ASSEMBLYOS] = { "AssemblyOS", 3, { U32("OSPlatformID"), U32("OSMajorVersion"),
	    U32("OSMinorVersion") }, 0, { KEY(0) } },
	/* II.22.5 */
	[CLB_T_ASSEMBLYREF] = { "AssemblyRef", 9, { U16("MajorVersion"), U16("MinorVersion"),
	    U16("BuildNumber"), U16("RevisionNumber"), U32("Flags"), BLOB("PublicKeyOrToken"),
	    STR("Name"), STR("Culture"), BLOB("HashValue") }, 0, { KEY(0) } },
	/* II.22.7, II.22.6 */
	[CLB_T_ASSEMBLYREFPROCESSOR] = { "AssemblyRefProcessor", 2, { U32("Processor"),
	    RID("AssemblyRef", CLB_T_ASSEMBLYREF) }, 0, { KEY(0) } },
	[CLB_T_ASSEMBLYREFOS] = { "AssemblyRefOS", 4, { U32("OSPlatformId"), U32("OSMajorVersion"),
	    U32("OSMinorVersion"), RID("AssemblyRef", CLB_T_ASSEMBLYREF) }, 0, { KEY(0) } },
	/* II.22.19 */
	[CLB_T_FILE] = { "File", 3, { U32("Flags"), STR("Name"), BLOB("HashValue") }, 0, { KEY(0) } },
	/* II.22.14 */
	[CLB_T_EXPORTEDTYPE] = { "ExportedType", 5, { U32("Flags"), U32("TypeDefId"),
	    STR("TypeName"), STR("TypeNamespace"), CODED("Implementation", CLB_CI_IMPLEMENTATION) },
	    0, { KEY(0) } },
	/* II.22.24: a null Implementation means "in this file" */
	[CLB_T_MANIFESTRESOURCE] = { "ManifestResource", 4, { U32("Offset"), U32("Flags"),
	    STR("Name"), CODEDN("Implementation", CLB_CI_IMPLEMENTATION) }, 0, { KEY(0) } },
	/* II.22.32 */
	[CLB_T_NESTEDCLASS] = { "NestedClass", 2, { RID("NestedClass", CLB_T_TYPEDEF),
	    RID("EnclosingClass", CLB_T_TYPEDEF) }, 1, { KEY(0) } },
	/* II.22.20: sorted by Owner, then Number */
	[CLB_T_GENERICPARAM] = { "GenericParam", 4, { U16("Number"), U16("Flags"),
	    CODED("Owner", CLB_CI_TYPEORMETHODDEF), STR("Name") }, 2, { KEY(2), KEY(0) } },
	/* II.22.29 */
	[CLB_T_METHODSPEC] = { "MethodSpec", 2, { CODED("Method", CLB_CI_METHODDEFORREF),
	    BLOB("Instantiation") }, 0, { KEY(0) } },
	/* II.22.21 */
	[CLB_T_GENERICPARAMCONSTRAINT] = { "GenericParamConstraint", 2,
	    { RID("Owner", CLB_T_GENERICPARAM), CODED("Constraint", CLB_CI_TYPEDEFORREF) },
	    1, { KEY(0) } },
	/* Portable PDB v1.0 "Document Table: 0x30" ... "CustomDebugInformation: 0x37" */
	[CLB_T_DOCUMENT] = { "Document", 4, { BLOB("Name"), GUID("HashAlgorithm"), BLOB("Hash"),
	    GUID("Language") }, 0, { KEY(0) } },
	[CLB_T_METHODDEBUGINFORMATION] = { "MethodDebugInformation", 2,
	    { RIDN("Document", CLB_T_DOCUMENT), BLOB("SequencePoints") }, 0, { KEY(0) } },
	[CLB_T_LOCALSCOPE] = { "LocalScope", 6, { RID("Method", CLB_T_METHODDEF),
	    RID("ImportScope", CLB_T_IMPORTSCOPE), LIST("VariableList", CLB_T_LOCALVARIABLE),
	    LIST("ConstantList", CLB_T_LOCALCONSTANT), U32("StartOffset"), U32("Length") },
	    3, { KEY(0), KEY(4), KEYD(5) } },
	[CLB_T_LOCALVARIABLE] = { "LocalVariable", 3, { U16("Attributes"), U16("Index"),
	    STR("Name") }, 0, { KEY(0) } },
	[CLB_T_LOCALCONSTANT] = { "LocalConstant", 2, { STR("Name"), BLOB("Signature") }, 0, { KEY(0) } },
	[CLB_T_IMPORTSCOPE] = { "ImportScope", 2, { RIDN("Parent", CLB_T_IMPORTSCOPE),
	    BLOB("Imports") }, 0, { KEY(0) } },
	[CLB_T_STATEMACHINEMETHOD] = { "StateMachineMethod", 2,
	    { RID("MoveNextMethod", CLB_T_METHODDEF), RID("KickoffMethod", CLB_T_METHODDEF) },
	    1, { KEY(0) } },
	[CLB_T_CUSTOMDEBUGINFORMATION] = { "CustomDebugInformation", 3,
	    { CODED("Parent", CLB_CI_HASCUSTOMDEBUGINFORMATION), GUID("Kind"), BLOB("Value") },
	    1, { KEY(0) } },
};

/* Schema 1.1 ("B1") GenericParam: an extra Kind column (CoreCLR
 * GenericParamV1_1Rec). */
static const clb_table_schema generic_param_v1_1 = { "GenericParam", 5,
	{ U16("Number"), U16("Flags"), CODED("Owner", CLB_CI_TYPEORMETHODDEF), STR("Name"),
	    CODEDN("Kind", CLB_CI_TYPEDEFORREF) },
	2, { KEY(2), KEY(0) } };

#define N CLB_NO_TABLE
static const clb_coded_index coded[CLB_CI_COUNT] = {
	[CLB_CI_TYPEDEFORREF] = { "TypeDefOrRef", 2, 3,
	    { CLB_T_TYPEDEF, CLB_T_TYPEREF, CLB_T_TYPESPEC } },
	[CLB_CI_HASCONSTANT] = { "HasConstant", 2, 3,
	    { CLB_T_FIELD, CLB_T_PARAM, CLB_T_PROPERTY } },
	[CLB_CI_HASCUSTOMATTRIBUTE] = { "HasCustomAttribute", 5, 22,
	    { CLB_T_METHODDEF, CLB_T_FIELD, CLB_T_TYPEREF, CLB_T_TYPEDEF, CLB_T_PARAM,
		CLB_T_INTERFACEIMPL, CLB_T_MEMBERREF, CLB_T_MODULE, CLB_T_DECLSECURITY,
		CLB_T_PROPERTY, CLB_T_EVENT, CLB_T_STANDALONESIG, CLB_T_MODULEREF,
		CLB_T_TYPESPEC, CLB_T_ASSEMBLY, CLB_T_ASSEMBLYREF, CLB_T_FILE,
		CLB_T_EXPORTEDTYPE, CLB_T_MANIFESTRESOURCE, CLB_T_GENERICPARAM,
		CLB_T_GENERICPARAMCONSTRAINT, CLB_T_METHODSPEC } },
	[CLB_CI_HASFIELDMARSHAL] = { "HasFieldMarshal", 1, 2, { CLB_T_FIELD, CLB_T_PARAM } },
	[CLB_CI_HASDECLSECURITY] = { "HasDeclSecurity", 2, 3,
	    { CLB_T_TYPEDEF, CLB_T_METHODDEF, CLB_T_ASSEMBLY } },
	[CLB_CI_MEMBERREFPARENT] = { "MemberRefParent", 3, 5,
	    { CLB_T_TYPEDEF, CLB_T_TYPEREF, CLB_T_MODULEREF, CLB_T_METHODDEF, CLB_T_TYPESPEC } },
	[CLB_CI_HASSEMANTICS] = { "HasSemantics", 1, 2, { CLB_T_EVENT, CLB_T_PROPERTY } },
	[CLB_CI_METHODDEFORREF] = { "MethodDefOrRef", 1, 2, { CLB_T_METHODDEF, CLB_T_MEMBERREF } },
	[CLB_CI_MEMBERFORWARDED] = { "MemberForwarded", 1, 2, { CLB_T_FIELD, CLB_T_METHODDEF } },
	[CLB_CI_IMPLEMENTATION] = { "Implementation", 2, 3,
	    { CLB_T_FILE, CLB_T_ASSEMBLYREF, CLB_T_EXPORTEDTYPE } },
	/* tags 0, 1 and 4 are unused (II.24.2.6) */
	[CLB_CI_CUSTOMATTRIBUTETYPE] = { "CustomAttributeType", 3, 5,
	    { N, N, CLB_T_METHODDEF, CLB_T_MEMBERREF, N } },
	[CLB_CI_RESOLUTIONSCOPE] = { "ResolutionScope", 2, 4,
	    { CLB_T_MODULE, CLB_T_MODULEREF, CLB_T_ASSEMBLYREF, CLB_T_TYPEREF } },
	[CLB_CI_TYPEORMETHODDEF] = { "TypeOrMethodDef", 1, 2, { CLB_T_TYPEDEF, CLB_T_METHODDEF } },
	/* Portable PDB v1.0 "HasCustomDebugInformation" */
	[CLB_CI_HASCUSTOMDEBUGINFORMATION] = { "HasCustomDebugInformation", 5, 27,
	    { CLB_T_METHODDEF, CLB_T_FIELD, CLB_T_TYPEREF, CLB_T_TYPEDEF, CLB_T_PARAM,
		CLB_T_INTERFACEIMPL, CLB_T_MEMBERREF, CLB_T_MODULE, CLB_T_DECLSECURITY,
		CLB_T_PROPERTY, CLB_T_EVENT, CLB_T_STANDALONESIG, CLB_T_MODULEREF,
		CLB_T_TYPESPEC, CLB_T_ASSEMBLY, CLB_T_ASSEMBLYREF, CLB_T_FILE,
		CLB_T_EXPORTEDTYPE, CLB_T_MANIFESTRESOURCE, CLB_T_GENERICPARAM,
		CLB_T_GENERICPARAMCONSTRAINT, CLB_T_METHODSPEC, CLB_T_DOCUMENT,
		CLB_T_LOCALSCOPE, CLB_T_LOCALVARIABLE, CLB_T_LOCALCONSTANT,
		CLB_T_IMPORTSCOPE } },
};
#undef N

static bool
is_pdb_table(unsigned id)
{
	return id >= CLB_T_DOCUMENT && id <= CLB_T_CUSTOMDEBUGINFORMATION;
}

const clb_table_schema *
clb_schema_table(clb_schema_version v, unsigned id, bool pdb)
{
	if (id >= CLB_TABLE_SLOTS || tables[id].name == NULL)
		return NULL;
	if (is_pdb_table(id))
		return pdb ? &tables[id] : NULL;
	if (v == CLB_SCHEMA_1_0 && id > CLB_T_NESTEDCLASS)
		return NULL;
	if (v == CLB_SCHEMA_1_1 && id == CLB_T_GENERICPARAM)
		return &generic_param_v1_1;
	return &tables[id];
}

bool
clb_schema_known_anywhere(unsigned id)
{
	return id < CLB_TABLE_SLOTS && tables[id].name != NULL;
}

const char *
clb_schema_table_name(unsigned id)
{
	return clb_schema_known_anywhere(id) ? tables[id].name : "?";
}

const clb_coded_index *
clb_schema_coded(unsigned kind)
{
	return kind < CLB_CI_COUNT ? &coded[kind] : NULL;
}

unsigned
clb_schema_ptr_target(unsigned id)
{
	switch (id) {
	case CLB_T_FIELDPTR:
		return CLB_T_FIELD;
	case CLB_T_METHODPTR:
		return CLB_T_METHODDEF;
	case CLB_T_PARAMPTR:
		return CLB_T_PARAM;
	case CLB_T_EVENTPTR:
		return CLB_T_EVENT;
	case CLB_T_PROPERTYPTR:
		return CLB_T_PROPERTY;
	default:
		return CLB_NO_TABLE;
	}
}

uint64_t
clb_schema_type_system_mask(void)
{
	uint64_t mask = 0;
	unsigned id;
	for (id = 0; id <= CLB_T_GENERICPARAMCONSTRAINT; id++) {
		if (tables[id].name == NULL || clb_schema_ptr_target(id) != CLB_NO_TABLE ||
		    id == CLB_T_ENCLOG || id == CLB_T_ENCMAP)
			continue;
		mask |= (uint64_t)1 << id;
	}
	return mask;
}
