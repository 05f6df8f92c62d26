#!/bin/sh
# One-shot set-up of MinIO for the portal (docker-compose.yml's minio-init service, MinIO's `mc`
# image): the private uploads bucket, and the portal's own account, which may only read, write
# and delete objects in that bucket. Every step can run again: it runs on each `compose up`.
set -eu

mc alias set cop http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null

mc mb --ignore-existing "cop/$AWS_STORAGE_BUCKET_NAME"
# Private: objects are reached only with credentials (the portal serves them, checking who asks).
mc anonymous set none "cop/$AWS_STORAGE_BUCKET_NAME"

policy=/tmp/cop-portal-policy.json
cat >"$policy" <<JSON
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetBucketLocation", "s3:ListBucket"],
      "Resource": ["arn:aws:s3:::$AWS_STORAGE_BUCKET_NAME"]
    },
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      "Resource": ["arn:aws:s3:::$AWS_STORAGE_BUCKET_NAME/*"]
    }
  ]
}
JSON
# `create` replaces a policy of the same name, so a changed bucket name takes effect.
mc admin policy create cop cop-portal-bucket-access "$policy"
# `add` sets the secret again when the user exists, so a new AWS_SECRET_ACCESS_KEY takes effect.
mc admin user add cop "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY"
# Attaching a policy that is already attached is an error in mc; what matters is the end state,
# which the user's description shows (the policy's name differs from any account's on purpose).
mc admin policy attach cop cop-portal-bucket-access --user "$AWS_ACCESS_KEY_ID" >/dev/null 2>&1 || true
# (A shell pattern, not grep: the mc image is minimal.)
info=$(mc admin user info cop "$AWS_ACCESS_KEY_ID")
case "$info" in
    *cop-portal-bucket-access*) ;;
    *)
        echo "minio-init: the policy cop-portal-bucket-access is not attached to $AWS_ACCESS_KEY_ID" >&2
        exit 1
        ;;
esac
echo "minio-init: bucket $AWS_STORAGE_BUCKET_NAME and account $AWS_ACCESS_KEY_ID are ready"
